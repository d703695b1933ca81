using System.Runtime.CompilerServices;
using Facet.Core.Enrichment;

namespace Facet.Storage.Internal;

/// <summary>An event with everything the fact row needs computed once: identity, UTC day, reporting date/hour, dimension keys.</summary>
internal sealed class PreparedEvent(EnrichedEvent source)
{
    public EnrichedEvent Source { get; } = source;

    /// <summary>The dedup identity with <see cref="EventDate"/>: the id as a UUID (name-based when it is not one).</summary>
    public Guid EventKey { get; init; }

    /// <summary>UTC day of the event: the PostgreSQL partition.</summary>
    public DateOnly EventDate { get; init; }

    /// <summary>
    /// The event time in whole µs (floored), as every backend stores it: written as such, no writer rounds it its own
    /// way (PostgreSQL's binary timestamps truncate toward 2000, <see cref="FactRow.EventMicros"/> toward 1970).
    /// </summary>
    public DateTime EventTsUtc { get; init; }

    public DateTime HourUtc { get; init; }

    /// <summary>yyyymmdd in the reporting time zone.</summary>
    public int DateKey { get; init; }

    /// <summary>0–23 in the reporting time zone.</summary>
    public short Hour { get; init; }

    public string? Ip { get; init; }

    /// <summary>The event's unmodelled fields after <see cref="PrivacyRules.Extra"/>.</summary>
    public string? ExtraJson { get; init; }

    // Fields of inline arrays, not two arrays per event (issue 22): a batch's prepared events live until its write
    // commits, so every object per event is one more the GC copies into the older generations. For the same reason
    // the options and cart JSON texts are made by FactRow.Write as it writes the row, not kept here.

    /// <summary>
    /// Per dimension (index = <see cref="Dimension.Index"/>), the member's index among the batch's distinct natural keys
    /// (<see cref="PreparedClickstream"/>); -1 = Unknown.
    /// </summary>
    public DimensionKeyArray Members;

    /// <summary>Surrogate key per dimension, set once the dimensions are resolved.</summary>
    public DimensionKeyArray Keys;
}

/// <summary>One integer per dimension, stored inline in its <see cref="PreparedEvent"/>.</summary>
[InlineArray(Dimension.Count)]
internal struct DimensionKeyArray
{
    private int _first;
}
