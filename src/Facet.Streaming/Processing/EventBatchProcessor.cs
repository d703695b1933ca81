using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Core.Parsing;

namespace Facet.Streaming.Processing;

/// <summary>
/// Parse → validate → deduplicate within the batch → enrich, for one micro-batch. Shared by <c>facet run</c> and
/// <c>facet load</c>. Parsing and enrichment are independent per message, so large batches use every core;
/// deduplication is sequential so that the first occurrence of an id in message order wins.
/// </summary>
public sealed class EventBatchProcessor
{
    // Below this size the fork/join overhead outweighs a second core.
    private const int ParallelThreshold = 4096;
    private const int ChunkSize = 2048;

    private readonly EventParser _parser;
    private readonly EventEnricher _enricher;

    public EventBatchProcessor(EventParser parser, EventEnricher enricher)
    {
        ArgumentNullException.ThrowIfNull(parser);
        ArgumentNullException.ThrowIfNull(enricher);
        _parser = parser;
        _enricher = enricher;
    }

    public ProcessedBatch Process(IReadOnlyList<RawMessage> messages)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var count = messages.Count;
        var parsed = new ParseResult[count];
        ForEachChunk(count, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var message = messages[i];
                parsed[i] = message.IsTruncated
                    ? _parser.RejectTooLarge(message.Value, message.FullLength, message.Position)
                    : _parser.Parse(message.Value, message.Position);
            }
        });

        // Sequential: the first occurrence of an id (in message order) wins.
        var seen = new HashSet<string>(count, StringComparer.Ordinal);
        var accepted = new ShopEvent?[count];
        var rejections = new List<Rejection>();
        var duplicates = 0;
        var acceptedCount = 0;
        DateTimeOffset? oldestProduced = null;
        for (var i = 0; i < count; i++)
        {
            if (messages[i].ReceivedTimestamp is { } produced && (oldestProduced is null || produced < oldestProduced))
            {
                oldestProduced = produced;
            }

            var result = parsed[i];
            if (!result.IsAccepted)
            {
                rejections.Add(result.Rejection);
            }
            else if (seen.Add(result.Event.EventId))
            {
                accepted[i] = result.Event;
                acceptedCount++;
            }
            else
            {
                duplicates++;
            }
        }

        var enriched = new EnrichedEvent?[count];
        ForEachChunk(count, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                if (accepted[i] is { } shopEvent)
                {
                    enriched[i] = _enricher.Enrich(shopEvent);
                }
            }
        });

        var events = new List<EnrichedEvent>(acceptedCount);
        var bots = 0;
        for (var i = 0; i < count; i++)
        {
            if (enriched[i] is { } e)
            {
                events.Add(e);
                if (e.IsBot)
                {
                    bots++;
                }
            }
        }

        return new ProcessedBatch(events, rejections, duplicates, bots, oldestProduced);
    }

    private static void ForEachChunk(int count, Action<int, int> body)
    {
        if (count < ParallelThreshold || Environment.ProcessorCount == 1)
        {
            body(0, count);
            return;
        }

        var chunks = (count + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, chunk => body(chunk * ChunkSize, Math.Min(count, (chunk + 1) * ChunkSize)));
    }
}
