using Facet.Core.Events;

namespace Facet.Core.Streams;

/// <summary>
/// Turns one message's bytes (a Kafka record value, an NDJSON line, a CSV row) into a stream's typed record or a
/// <see cref="Rejection"/> with a stable reason code. Never throws on bad input; thread-safe (the engine decodes
/// chunks of a batch in parallel).
/// </summary>
public interface IRecordDecoder<TRecord>
    where TRecord : class
{
    Decoded<TRecord> Decode(ReadOnlyMemory<byte> value, SourcePosition position);
}
