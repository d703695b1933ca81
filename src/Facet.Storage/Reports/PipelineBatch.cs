namespace Facet.Storage.Reports;

/// <summary>One committed batch as logged in <c>pipeline_batches</c>.</summary>
public sealed record PipelineBatch(
    long BatchId,
    string WorkerId,
    DateTimeOffset StartedAt,
    DateTimeOffset CommittedAt,
    int Consumed,
    int Inserted,
    int Duplicates,
    int Rejected,
    long? ConsumerLag,
    DateTimeOffset? MaxEventTime);
