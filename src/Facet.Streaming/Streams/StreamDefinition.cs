using Facet.Storage;
using Facet.Streaming.Processing;

namespace Facet.Streaming.Streams;

/// <summary>
/// A stream as the engine knows it: a name, its topics, and how a batch of its messages becomes rows for its
/// warehouse writer (decode → rejections, records → <see cref="IWarehouse.Writer{TRecord}"/>). The engine itself only
/// consumes, batches, hands each stream its messages, and writes one transaction per batch across all streams.
/// </summary>
public abstract class StreamDefinition
{
    private protected StreamDefinition(string name, IReadOnlyList<string> topics)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(topics);
        if (topics.Count == 0 || topics.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException($"stream '{name}' needs at least one topic, and no empty topic name", nameof(topics));
        }

        Name = name;
        Topics = topics;
    }

    public string Name { get; }

    public IReadOnlyList<string> Topics { get; }

    /// <summary>The same stream read from other topics (<c>--topic</c>).</summary>
    public abstract StreamDefinition WithTopics(IReadOnlyList<string> topics);

    /// <summary>
    /// Decodes <paramref name="messages"/> (all of this stream, in offset order per partition) and prepares the
    /// accepted records for <paramref name="warehouse"/>'s writer: CPU work the pipeline overlaps with the previous write.
    /// </summary>
    public abstract DecodedStream Decode(IReadOnlyList<RawMessage> messages, IWarehouse warehouse);

    /// <summary>
    /// A batch decoded a part at a time, each part's bytes free for reuse once it is added (<see cref="BatchDecoding"/>);
    /// the same records, rejections and rows as <see cref="Decode"/> of all its messages.
    /// </summary>
    /// <param name="capacity">Messages the batch is expected to hold.</param>
    public abstract BatchDecoding StartDecoding(int capacity);

    /// <summary>
    /// The asynchronous step before <see cref="Decode"/> for a decoder that needs one (<see cref="Core.Streams.IPreparingDecoder"/>:
    /// Avro writer schemas fetched from the registry). Throws when it cannot be done now (a registry that is down,
    /// an <see cref="IOException"/>): the engine keeps the messages and tries again, it never rejects them for that.
    /// </summary>
    public virtual Task PrepareAsync(IReadOnlyList<RawMessage> messages, CancellationToken ct) => Task.CompletedTask;

    /// <summary>Whether <see cref="PrepareAsync"/> does anything: the engine gathers the pending messages for it only then.</summary>
    public virtual bool Prepares => false;

    public override string ToString() => $"{Name} ({string.Join(", ", Topics)})";
}
