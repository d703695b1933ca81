namespace Facet.Storage.Reports;

/// <summary>
/// The pipeline panel, from <c>pipeline_batches</c>: throughput over the last minute, consumer lag (latest per worker,
/// summed), freshness (now − newest event loaded) and the last committed batch. Freshness is shown only while data is
/// arriving (a batch committed in the last minute): after a backfill of old events it would be their age, not the
/// pipeline's delay (issue 23); then the last batch's time says when data last came. <see cref="NewestEventTime"/> is
/// the newest event any batch loaded, arriving or not. All null when no processor has written.
/// </summary>
// Immutable (never changed after it is built): caches may hand the same instance to every reader without a copy.
[System.ComponentModel.ImmutableObject(true)]
public sealed record PipelineStatus(
    DateTimeOffset At,
    double EventsPerSecond,
    long? ConsumerLag,
    double? FreshnessSeconds,
    int ActiveWorkers,
    PipelineBatch? LastBatch)
{
    public DateTimeOffset? NewestEventTime { get; init; }

    /// <summary>
    /// The state of the stream processor serving this dashboard in the same process (<c>facet demo</c>): starting,
    /// running, paused, draining, stopped or failed; null when the workers run elsewhere (their state is in their
    /// status lines).
    /// </summary>
    public string? WorkerState { get; init; }

    /// <summary>Why the in-process worker is paused or failed.</summary>
    public string? WorkerReason { get; init; }
}
