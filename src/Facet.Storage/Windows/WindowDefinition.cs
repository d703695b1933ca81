using System.Text.Json;

namespace Facet.Storage.Windows;

/// <summary>
/// One declarative event-time window (docs/windows.md): which source's records, on which time field, cut into
/// tumbling or hopping windows, grouped by key attributes, with mergeable aggregates, a watermark delay, an allowed
/// lateness, an output mode and a late policy. Read from JSON by <see cref="WindowDefinitions"/>.
/// </summary>
public sealed record WindowDefinition
{
    public required string Name { get; init; }

    public string? Description { get; init; }

    /// <summary>A window source (<see cref="WindowDefinitions.Sources"/>): a stream, or a stream's rows at a finer grain (transaction_lines).</summary>
    public required string Source { get; init; }

    /// <summary>The event-time field the windows are cut on.</summary>
    public required string TimeField { get; init; }

    public WindowKind Kind { get; init; } = WindowKind.Tumbling;

    public required TimeSpan Size { get; init; }

    /// <summary>How far apart windows start; equals <see cref="Size"/> for tumbling windows.</summary>
    public TimeSpan Slide { get; init; }

    public IReadOnlyList<string> Keys { get; init; } = [];

    public required IReadOnlyList<WindowAggregate> Aggregates { get; init; }

    /// <summary>The watermark trails the newest event time seen (per partition, minimum over partitions) by this much.</summary>
    public TimeSpan WatermarkDelay { get; init; }

    /// <summary>How long after the watermark passed a window's end it still takes events (and counts them as revisions).</summary>
    public TimeSpan AllowedLateness { get; init; }

    public WindowOutputMode Mode { get; init; } = WindowOutputMode.Update;

    public WindowLatePolicy LatePolicy { get; init; } = WindowLatePolicy.Count;

    /// <summary>
    /// A joined definition's parts, by name (empty for an ordinary definition): definitions with the same windows and
    /// keys whose rows are joined at read time on (window start, key); it keeps no state of its own, so each part stays
    /// exactly-once on its own source and the join is a pure function of their published rows.
    /// </summary>
    public IReadOnlyList<string> Join { get; init; } = [];

    /// <summary>A joined definition's ratios of its parts' aggregates (e.g. conversion = sessions with an order ÷ sessions).</summary>
    public IReadOnlyList<WindowRatio> Ratios { get; init; } = [];

    /// <summary>A joined definition's parts, resolved (<see cref="WindowDefinitions.ResolveJoins"/>); empty until then.</summary>
    public IReadOnlyList<WindowDefinition> JoinedDefinitions { get; init; } = [];

    /// <summary>Whether this definition joins others (<see cref="Join"/>) instead of reading a source.</summary>
    public bool IsJoin => Join.Count > 0;

    /// <summary>The stream whose batches feed this definition.</summary>
    public string Stream => WindowDefinitions.SourceOf(this).Stream;

    /// <summary>The windows holding event time <paramref name="t"/>: starts aligned to the Unix epoch in UTC, every slide, latest first.</summary>
    public WindowStartSequence WindowStarts(DateTime t)
    {
        var slide = Slide.Ticks;
        var ticks = t.Ticks - DateTime.UnixEpoch.Ticks;
        var latest = DateTime.UnixEpoch.Ticks + ticks - (((ticks % slide) + slide) % slide);
        return new WindowStartSequence(latest, t.Ticks - Size.Ticks, slide);
    }

    /// <summary>The definition as the JSON it can be read back from (stored in window_definition, shown by <c>facet windows show</c>).</summary>
    public string ToJson() => JsonSerializer.Serialize(WindowDefinitions.ToJsonObject(this), WindowDefinitions.JsonOptions);
}
