using Facet.Storage;
using Facet.Streaming.Processing;

namespace Facet.Streaming.Streams;

/// <summary>
/// One batch of a stream decoded a part at a time (<see cref="StreamDefinition.StartDecoding"/>): each part is parsed,
/// validated and enriched when it is added, so its message bytes can be reused for the next part, and the batch's
/// accepted records are prepared for the warehouse writer once, at <see cref="Finish"/>.
/// </summary>
/// <remarks>
/// Why (issue 22): <c>facet load</c> kept a whole batch's lines (40,000 lines, ~33 MB of 1 MB line chunks) alive until
/// the batch was decoded, on top of the decoded events; decoded part by part it holds one part's lines.
/// </remarks>
public abstract class BatchDecoding
{
    private protected BatchDecoding()
    {
    }

    /// <summary>Messages added so far.</summary>
    public abstract int Count { get; }

    /// <summary>
    /// Decodes <paramref name="messages"/> (the next ones of the batch, in order). Nothing this decoding keeps refers to
    /// their bytes afterwards: a rejection's raw bytes are copied.
    /// </summary>
    public abstract void Add(IReadOnlyList<RawMessage> messages);

    /// <summary>The batch's accepted records, prepared for <paramref name="warehouse"/>'s writer, and its rejections in message order.</summary>
    public abstract DecodedStream Finish(IWarehouse warehouse);
}
