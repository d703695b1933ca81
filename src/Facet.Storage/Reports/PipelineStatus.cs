namespace Facet.Storage.Reports;

/// <summary>
/// The pipeline panel, from <c>pipeline_batches</c>: throughput over the last minute, consumer lag (latest per worker,
/// summed), freshness (now − newest event loaded) and the last committed batch. All null when no processor has written.
/// </summary>
// Immutable (never changed after it is built): caches may hand the same instance to every reader without a copy.
[System.ComponentModel.ImmutableObject(true)]
public sealed record PipelineStatus(
    DateTimeOffset At,
    double EventsPerSecond,
    long? ConsumerLag,
    double? FreshnessSeconds,
    int ActiveWorkers,
    PipelineBatch? LastBatch);
