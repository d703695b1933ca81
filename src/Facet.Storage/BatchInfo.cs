namespace Facet.Storage;

/// <summary>
/// Optional facts about a batch, logged to <c>pipeline_batches</c> in the same transaction for the dashboard's
/// pipeline panel: which worker, how many messages it consumed, the consumer lag summed over its partitions, and when
/// the batch started (consume time included).
/// </summary>
public sealed record BatchInfo(string WorkerId, int Consumed, long? ConsumerLag, DateTimeOffset StartedAt);
