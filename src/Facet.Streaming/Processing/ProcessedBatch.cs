using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Streaming.Processing;

/// <summary>
/// The result of parsing, validating, deduplicating (within the batch) and enriching a batch of messages:
/// what goes to the warehouse, and counts for metrics.
/// </summary>
public sealed class ProcessedBatch
{
    internal ProcessedBatch(List<EnrichedEvent> events, List<Rejection> rejections, int duplicatesInBatch, int bots, DateTimeOffset? oldestProduced)
    {
        Events = events;
        Rejections = rejections;
        DuplicatesInBatch = duplicatesInBatch;
        Bots = bots;
        OldestProduced = oldestProduced;
    }

    /// <summary>Accepted, distinct (within the batch) and enriched events, in message order.</summary>
    public IReadOnlyList<EnrichedEvent> Events { get; }

    /// <summary>Every rejected message, in message order.</summary>
    public IReadOnlyList<Rejection> Rejections { get; }

    /// <summary>Accepted events dropped because an earlier message of the same batch had the same id.</summary>
    public int DuplicatesInBatch { get; }

    /// <summary>Accepted events flagged as bots.</summary>
    public int Bots { get; }

    /// <summary>The earliest source timestamp (Kafka CreateTime) in the batch, for end-to-end freshness.</summary>
    public DateTimeOffset? OldestProduced { get; }
}
