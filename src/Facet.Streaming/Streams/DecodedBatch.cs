using Facet.Core.Events;
using Facet.Storage.Streams;
using Facet.Streaming.Processing;

namespace Facet.Streaming.Streams;

/// <summary>A whole batch after decoding, ready to write: each stream's rows, every rejection, and counts for metrics.</summary>
public sealed class DecodedBatch
{
    private DecodedBatch(int messages, List<StreamRows> rows, List<Rejection> rejections, int bots, DateTimeOffset? oldestProduced)
    {
        Messages = messages;
        Rows = rows;
        _rejections = rejections;
        Bots = bots;
        OldestProduced = oldestProduced;
    }

    public int Messages { get; }

    /// <summary>One entry per stream with accepted records.</summary>
    public IReadOnlyList<StreamRows> Rows { get; }

    private readonly List<Rejection> _rejections;

    public IReadOnlyList<Rejection> Rejections => _rejections;

    /// <summary>Accepted records flagged as bots.</summary>
    public int Bots { get; }

    /// <summary>The earliest source timestamp (Kafka CreateTime) in the batch, for end-to-end freshness.</summary>
    public DateTimeOffset? OldestProduced { get; }

    /// <summary>Accepted records over all streams (duplicates included: the writers decide those).</summary>
    public int Accepted => Rows.Sum(static r => r.Count);

    /// <summary>
    /// Gives every rejection whose raw bytes are <paramref name="borrowed"/> (they lie in a buffer that is reused) a copy
    /// of its own; decoders may hand a message's bytes on as they came.
    /// </summary>
    internal void OwnRejectedBytes(Func<ReadOnlyMemory<byte>, bool> borrowed)
    {
        for (var i = 0; i < _rejections.Count; i++)
        {
            if (borrowed(_rejections[i].Raw))
            {
                _rejections[i] = _rejections[i] with { Raw = _rejections[i].Raw.ToArray() };
            }
        }
    }

    internal static DecodedBatch From(IReadOnlyList<RawMessage> messages, IReadOnlyList<DecodedStream> streams)
    {
        DateTimeOffset? oldest = null;
        foreach (var message in messages)
        {
            if (message.ReceivedTimestamp is { } produced && (oldest is null || produced < oldest))
            {
                oldest = produced;
            }
        }

        var rows = new List<StreamRows>(streams.Count);
        List<Rejection> rejections;
        if (streams.Count == 1)
        {
            rejections = streams[0].Rejections as List<Rejection> ?? [.. streams[0].Rejections];
        }
        else
        {
            rejections = [];
            foreach (var stream in streams)
            {
                rejections.AddRange(stream.Rejections);
            }
        }

        var bots = 0;
        foreach (var stream in streams)
        {
            if (stream.Rows.Count > 0)
            {
                rows.Add(stream.Rows);
            }

            bots += stream.Bots;
        }

        return new DecodedBatch(messages.Count, rows, rejections, bots, oldest);
    }
}
