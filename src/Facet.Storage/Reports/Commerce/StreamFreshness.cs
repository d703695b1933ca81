namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// One commerce entity stream's data freshness: rows stored, its newest event time and its newest load (the batch's
/// write time, committed with its rows). <see cref="FreshnessSeconds"/> (now − newest event) is given only while data
/// is arriving — a load within the last minute — as on the clickstream's pipeline panel: after a backfill of old
/// records it would be their age, not the pipeline's delay (issue 23); then <see cref="LastLoadedAt"/> says when data
/// last came.
/// </summary>
public sealed record StreamFreshness(string Stream, long Records, DateTimeOffset? LatestEventTime, DateTimeOffset? LastLoadedAt, double? FreshnessSeconds)
{
    /// <summary>How recent a load must be for the stream to count as arriving.</summary>
    public static TimeSpan ArrivingWindow { get; } = TimeSpan.FromMinutes(1);

    /// <summary>The same stream seen at <paramref name="now"/>: freshness recomputed (a cached answer is older than now).</summary>
    public StreamFreshness AsOf(DateTimeOffset now) => this with
    {
        FreshnessSeconds = LastLoadedAt is { } loaded && LatestEventTime is { } latest && now - loaded <= ArrivingWindow
            ? Math.Max(0, (now - latest).TotalSeconds)
            : null,
    };
}
