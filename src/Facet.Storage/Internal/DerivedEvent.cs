using Facet.Core.Events;

namespace Facet.Storage.Internal;

/// <summary>
/// What the session and funnel steps read of an inserted event (<see cref="DerivedDevices"/>), copied out of its
/// <see cref="PreparedEvent"/> once the batch's dimension keys are assigned.
/// </summary>
/// <remarks>
/// Why (issue 22): a batch's sessions and funnel progress are written by a transaction that trails the batch's own,
/// beside the next batch's write, so the batch's events stay alive through one more batch. Held as prepared events,
/// that kept every field of each event (the parsed event, its options, its enrichment: ~550 B per event, a third of the
/// live heap of a <c>facet load</c>) until the trail was written, and the GC copied and compacted it all once more;
/// writing the derived rows in the batch's own transaction instead, for comparison, used 10 % less of <c>facet</c>'s CPU
/// and peaked 56 MiB lower (BENCHMARKS.md). This holds the dozen fields the steps need and shares their texts: a 2M
/// load into PostgreSQL peaked 593 → 576 MiB (median of four) at the same CPU, for 180 B more allocated per event.
/// </remarks>
internal sealed class DerivedEvent
{
    private DerivedEvent(PreparedEvent e, DateTime arrivedAtUtc)
    {
        var source = e.Source;
        var shop = source.Event;
        EventKey = e.EventKey;
        EventTsUtc = e.EventTsUtc;
        EventId = shop.EventIdText;
        DeviceId = shop.DeviceId!;
        Collection = shop.Collection;
        IsBot = source.IsBot;
        ProductId = shop.ProductId;
        StoreId = shop.StoreId;
        StoreDomain = source.Store.Domain;
        CurrentUrl = shop.CurrentUrl;
        ReferrerUrl = shop.ReferrerUrl;
        UtmSource = FactRow.UtmSource(e);
        UtmMedium = FactRow.UtmMedium(e);
        UtmCampaign = FactRow.UtmCampaign(e);
        StoreKey = e.Keys[Dimension.Store.Index];
        LocationKey = e.Keys[Dimension.Location.Index];
        UserAgentKey = e.Keys[Dimension.UserAgent.Index];
        ReferrerKey = e.Keys[Dimension.Referrer.Index];
        ArrivedAtUtc = arrivedAtUtc;
    }

    /// <summary>The dedup identity (<see cref="PreparedEvent.EventKey"/>).</summary>
    public Guid EventKey { get; }

    /// <summary>The event time in whole µs, as stored (<see cref="PreparedEvent.EventTsUtc"/>).</summary>
    public DateTime EventTsUtc { get; }

    /// <summary><see cref="EventTsUtc"/> as epoch µs (<see cref="FactRow.EventMicros"/>).</summary>
    public long EventMicros => FactRow.ToMicros(EventTsUtc);

    public IdText EventId { get; }

    /// <summary>Never empty: events without a device id are not grouped (<see cref="BatchDevices"/>).</summary>
    public string DeviceId { get; }

    public string Collection { get; }

    public bool IsBot { get; }

    public string? ProductId { get; }

    public string? StoreId { get; }

    /// <summary>The store's domain as enrichment found it.</summary>
    public string? StoreDomain { get; }

    public string? CurrentUrl { get; }

    public string? ReferrerUrl { get; }

    /// <summary>The fact row's utm_source (<see cref="FactRow.UtmSource"/>); likewise the next two.</summary>
    public string? UtmSource { get; }

    public string? UtmMedium { get; }

    public string? UtmCampaign { get; }

    /// <summary>The surrogate keys of the event's store, location, user agent and referrer members.</summary>
    public int StoreKey { get; }

    public int LocationKey { get; }

    public int UserAgentKey { get; }

    public int ReferrerKey { get; }

    /// <summary>When the event's batch was ingested (<c>session_late_events.arrived_at</c>).</summary>
    public DateTime ArrivedAtUtc { get; }

    /// <summary>The step's fields of <paramref name="e"/>, whose keys are assigned, ingested with its batch at <paramref name="arrivedAtUtc"/>.</summary>
    public static DerivedEvent Of(PreparedEvent e, DateTime arrivedAtUtc) => new(e, arrivedAtUtc);
}
