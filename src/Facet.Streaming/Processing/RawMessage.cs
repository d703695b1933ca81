using Facet.Core.Events;

namespace Facet.Streaming.Processing;

/// <summary>One message as received (a Kafka record value or an NDJSON line) and where it came from.</summary>
/// <param name="Value">The message bytes, valid until the batch is decoded (<c>facet load</c> reuses its line buffer for the next batch; decoders keep no reference to them).</param>
/// <param name="Position">Topic/partition/offset or file/line.</param>
/// <param name="ReceivedTimestamp">When the source says the message was produced (Kafka CreateTime), if known.</param>
/// <param name="FullLength">The message's real length when <paramref name="Value"/> holds only a prefix of an oversized line; else -1.</param>
public readonly record struct RawMessage(ReadOnlyMemory<byte> Value, SourcePosition Position, DateTimeOffset? ReceivedTimestamp = null, long FullLength = -1)
{
    /// <summary>True when only a prefix of an oversized message was kept (it is rejected as too_large).</summary>
    public bool IsTruncated => FullLength > Value.Length;
}
