using Facet.Core.Events;
using Facet.Core.Streams;
using Facet.Storage;
using Facet.Streaming.Processing;

namespace Facet.Streaming.Streams;

/// <summary>A stream of <typeparamref name="TRecord"/>: a decoder per message, the warehouse writer named like the stream.</summary>
public sealed class StreamDefinition<TRecord> : StreamDefinition
    where TRecord : class
{
    // Below this size the fork/join overhead outweighs a second core.
    private const int ParallelThreshold = 4096;
    private const int ChunkSize = 2048;

    private readonly IRecordDecoder<TRecord> _decoder;
    private readonly Func<TRecord, bool>? _isBot;

    /// <param name="isBot">Which accepted records count as bots in the status line (null: none).</param>
    public StreamDefinition(string name, IReadOnlyList<string> topics, IRecordDecoder<TRecord> decoder, Func<TRecord, bool>? isBot = null)
        : base(name, topics)
    {
        ArgumentNullException.ThrowIfNull(decoder);
        _decoder = decoder;
        _isBot = isBot;
    }

    public override StreamDefinition WithTopics(IReadOnlyList<string> topics) => new StreamDefinition<TRecord>(Name, topics, _decoder, _isBot);

    public override bool Prepares => _decoder is IPreparingDecoder;

    public override Task PrepareAsync(IReadOnlyList<RawMessage> messages, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return _decoder is IPreparingDecoder preparing && messages.Count > 0
            ? preparing.PrepareAsync(messages.Where(static m => !m.IsTruncated).Select(static m => m.Value), ct)
            : Task.CompletedTask;
    }

    public override DecodedStream Decode(IReadOnlyList<RawMessage> messages, IWarehouse warehouse)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(warehouse);
        var count = messages.Count;
        var decoded = new Decoded<TRecord>[count];
        // Decoding (parse, validate, enrich) is independent per message: large batches use every core.
        ForEachChunk(count, (from, to) =>
        {
            for (var i = from; i < to; i++)
            {
                var message = messages[i];
                decoded[i] = message.IsTruncated
                    ? _decoder.RejectTooLarge(message.Value, message.FullLength, message.Position)
                    : _decoder.Decode(message.Value, message.Position);
            }
        });

        var records = new List<TRecord>(count);
        var positions = new List<SourcePosition>(count);
        var rejections = new List<Rejection>();
        var bots = 0;
        for (var index = 0; index < decoded.Length; index++)
        {
            var result = decoded[index];
            if (!result.IsAccepted)
            {
                rejections.Add(result.Rejection);
                continue;
            }

            records.Add(result.Record);
            positions.Add(messages[index].Position);
            if (_isBot?.Invoke(result.Record) == true)
            {
                bots++;
            }
        }

        return new DecodedStream(warehouse.Writer<TRecord>(Name).Prepare(records, positions), rejections, bots);
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
