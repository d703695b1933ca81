using Facet.Core.Events;
using Facet.Storage;
using Facet.Storage.Streams;
using Facet.Streaming.Processing;

namespace Facet.Streaming.Streams;

/// <summary>
/// The streams one process consumes (<c>--streams</c>): each topic belongs to exactly one stream, so a message's topic
/// says how to decode it and which writer stores it.
/// </summary>
public sealed class StreamSet
{
    private readonly Dictionary<string, StreamDefinition> _byTopic = new(StringComparer.Ordinal);

    public StreamSet(IEnumerable<StreamDefinition> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var list = new List<StreamDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var stream in streams)
        {
            if (!names.Add(stream.Name))
            {
                throw new ArgumentException($"stream '{stream.Name}' is selected twice", nameof(streams));
            }

            foreach (var topic in stream.Topics)
            {
                if (!_byTopic.TryAdd(topic, stream))
                {
                    throw new ArgumentException($"topic '{topic}' belongs to both '{_byTopic[topic].Name}' and '{stream.Name}': give each stream its own topic", nameof(streams));
                }
            }

            list.Add(stream);
        }

        if (list.Count == 0)
        {
            throw new ArgumentException("select at least one stream", nameof(streams));
        }

        Streams = list;
        Topics = [.. _byTopic.Keys.Order(StringComparer.Ordinal)];
        Prepares = list.Exists(static s => s.Prepares);
    }

    /// <summary>Whether any stream has a preparation step (<see cref="PrepareAsync"/>): without one the engine skips it.</summary>
    public bool Prepares { get; }

    public IReadOnlyList<StreamDefinition> Streams { get; }

    /// <summary>Every topic of every stream, in ordinal order.</summary>
    public IReadOnlyList<string> Topics { get; }

    public StreamDefinition ForTopic(string topic) =>
        _byTopic.TryGetValue(topic, out var stream) ? stream : throw new ArgumentException($"no selected stream reads topic '{topic}'", nameof(topic));

    /// <summary>
    /// Awaits each stream's preparation step (<see cref="StreamDefinition.PrepareAsync"/>) for its messages in
    /// <paramref name="messages"/>; to be done before <see cref="Decode"/>. Throws what a preparation throws.
    /// </summary>
    public async Task PrepareAsync(IReadOnlyList<RawMessage> messages, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (Streams.Count == 1)
        {
            await Streams[0].PrepareAsync(messages, ct);
            return;
        }

        foreach (var (stream, list) in ByStream(messages))
        {
            await stream.PrepareAsync(list, ct);
        }
    }

    /// <summary>
    /// Decodes a batch whose messages come from any of the streams' topics: each stream gets its own messages (in the
    /// order given) and the result holds one <see cref="StreamRows"/> per stream that had any.
    /// </summary>
    public DecodedBatch Decode(IReadOnlyList<RawMessage> messages, IWarehouse warehouse)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (Streams.Count == 1)
        {
            return DecodedBatch.From(messages, [Streams[0].Decode(messages, warehouse)]);
        }

        var byStream = ByStream(messages);
        var decoded = new List<DecodedStream>(byStream.Count);
        foreach (var (stream, list) in byStream)
        {
            decoded.Add(stream.Decode(list, warehouse));
        }

        return DecodedBatch.From(messages, decoded);
    }

    /// <summary>Each stream's messages of <paramref name="messages"/>, in the order given.</summary>
    internal Dictionary<StreamDefinition, List<RawMessage>> ByStream(IReadOnlyList<RawMessage> messages)
    {
        var byStream = new Dictionary<StreamDefinition, List<RawMessage>>();
        foreach (var message in messages)
        {
            var stream = ForTopic(message.Position.Source);
            if (!byStream.TryGetValue(stream, out var list))
            {
                byStream[stream] = list = [];
            }

            list.Add(message);
        }

        return byStream;
    }
}
