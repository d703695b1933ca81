using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Core.Parsing;
using Facet.Core.Streams;

namespace Facet.Streaming.Streams;

/// <summary>The clickstream's decoder: parse and validate a Glamira-style JSON event, then enrich it (IP, store, UA, URL, referrer, bots).</summary>
public sealed class ClickstreamDecoder(EventParser parser, EventEnricher enricher) : IRecordDecoder<EnrichedEvent>
{
    public Decoded<EnrichedEvent> Decode(ReadOnlyMemory<byte> value, SourcePosition position)
    {
        var parsed = parser.Parse(value, position);
        return parsed.IsAccepted ? Decoded<EnrichedEvent>.Accepted(enricher.Enrich(parsed.Event)) : Decoded<EnrichedEvent>.Rejected(parsed.Rejection);
    }

    public Decoded<EnrichedEvent> RejectTooLarge(ReadOnlyMemory<byte> prefix, long messageLength, SourcePosition position) =>
        Decoded<EnrichedEvent>.Rejected(parser.RejectTooLarge(prefix, messageLength, position).Rejection!);
}
