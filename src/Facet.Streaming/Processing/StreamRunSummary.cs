namespace Facet.Streaming.Processing;

/// <summary>What one run of the processor did, for the exit message and tests.</summary>
public sealed record StreamRunSummary(long Consumed, long Inserted, long Duplicates, long Rejected, long Batches, long DataLoss);
