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

    /// <summary>
    /// The <c>too_large</c> rejection of a message of <paramref name="messageLength"/> bytes of which the input kept
    /// only <paramref name="prefix"/> (an oversized file line). Keeps at most 4 KiB of it.
    /// </summary>
    Decoded<TRecord> RejectTooLarge(ReadOnlyMemory<byte> prefix, long messageLength, SourcePosition position)
    {
        var keep = prefix[..Math.Min(prefix.Length, 4096)].ToArray();
        return Decoded<TRecord>.Rejected(new Rejection(
            RejectionCodes.TooLarge,
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the message is {messageLength:N0} bytes, over the input's limit; raw keeps its first {keep.Length:N0} bytes"),
            null,
            keep,
            position) { RawTruncated = keep.Length < messageLength });
    }
}
