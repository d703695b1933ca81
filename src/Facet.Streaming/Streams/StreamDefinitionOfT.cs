using System.Buffers;
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

    // Every core but one decodes: the batch before this one is being written meanwhile, and the write's C# and its
    // database (PostgreSQL's server process, or DuckDB inside this one) need a core. With every core decoding, the
    // writer's steps between statements waited 100-400 ms per batch behind the decode (issue 22, BENCHMARKS.md); on
    // two cores this decodes on one.
    private static readonly int DecodeWorkers = Environment.ProcessorCount - 1;

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
        var decoding = new Decoding(this, messages.Count, copyRejectedBytes: false);
        decoding.Add(messages);
        return decoding.Finish(warehouse);
    }

    public override BatchDecoding StartDecoding(int capacity) => new Decoding(this, capacity, copyRejectedBytes: true);

    /// <summary>The records, positions and rejections of the messages added so far.</summary>
    /// <param name="copyRejectedBytes">Whether the caller reuses a message's bytes after adding it (<see cref="BatchDecoding.Add"/>).</param>
    private sealed class Decoding(StreamDefinition<TRecord> stream, int capacity, bool copyRejectedBytes) : BatchDecoding
    {
        private readonly List<TRecord> _records = new(capacity);
        private readonly List<SourcePosition> _positions = new(capacity);
        private readonly List<Rejection> _rejections = [];
        private int _count;
        private int _bots;

        public override int Count => _count;

        public override void Add(IReadOnlyList<RawMessage> messages)
        {
            ArgumentNullException.ThrowIfNull(messages);
            // The results live only until they are sorted into the lists below: a pooled array, not one per part (issue
            // 22: at 8,192-line parts it was 8 % of `facet load`'s large-object bytes, whose budget starts its full
            // collections).
            var count = messages.Count;
            var decoded = ArrayPool<Decoded<TRecord>>.Shared.Rent(count);
            try
            {
                DecodeAll(messages, stream._decoder, DecodeWorkers, decoded);
                for (var index = 0; index < count; index++)
                {
                    var result = decoded[index];
                    if (!result.IsAccepted)
                    {
                        var rejection = result.Rejection;
                        _rejections.Add(copyRejectedBytes ? rejection with { Raw = rejection.Raw.ToArray() } : rejection);
                        continue;
                    }

                    _records.Add(result.Record);
                    _positions.Add(messages[index].Position);
                    if (stream._isBot?.Invoke(result.Record) == true)
                    {
                        _bots++;
                    }
                }
            }
            finally
            {
                // Cleared: a pooled array must not keep this batch's records alive.
                ArrayPool<Decoded<TRecord>>.Shared.Return(decoded, clearArray: true);
            }

            _count += count;
        }

        public override DecodedStream Finish(IWarehouse warehouse)
        {
            ArgumentNullException.ThrowIfNull(warehouse);
            return new DecodedStream(warehouse.Writer<TRecord>(stream.Name).Prepare(_records, _positions), _rejections, _bots);
        }
    }

    /// <summary>
    /// Each message's decoding in its slot of <paramref name="decoded"/> (the first ones; the rest untouched): parse,
    /// validate and enrich are independent per message, so a large batch is split into chunks over at most
    /// <paramref name="workers"/> threads (fewer than two workers, or a small batch: this thread alone).
    /// </summary>
    internal static void DecodeAll(IReadOnlyList<RawMessage> messages, IRecordDecoder<TRecord> decoder, int workers, Decoded<TRecord>[] decoded)
    {
        var count = messages.Count;
        void Range(int from, int to)
        {
            for (var i = from; i < to; i++)
            {
                var message = messages[i];
                decoded[i] = message.IsTruncated
                    ? decoder.RejectTooLarge(message.Value, message.FullLength, message.Position)
                    : decoder.Decode(message.Value, message.Position);
            }
        }

        if (count < ParallelThreshold || workers < 2)
        {
            Range(0, count);
            return;
        }

        var chunks = (count + ChunkSize - 1) / ChunkSize;
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = workers }, chunk => Range(chunk * ChunkSize, Math.Min(count, (chunk + 1) * ChunkSize)));
    }
}
