using Facet.Storage;
using Facet.Streaming.Streams;

namespace Facet.Streaming.Processing;

/// <summary>
/// <c>facet run</c>'s open batch decoded a part at a time while it fills, so that when its trigger closes it only the
/// last part and the writers' preparation are left before its write can start.
/// </summary>
/// <remarks>
/// Why (issue 22): a batch was decoded whole when it closed, after the trigger's wait. At 20,000 events/s and the
/// 500 ms trigger that was ~160 ms of parsing and enriching per batch which every message of it waited for on top of
/// the trigger; the same CPU spent while the batch fills is off the path from produce to commit.
/// The parts are the messages in the order the loop added them to the ledger (per partition in offset order, which is
/// what a stream's decoding asks for). They stand for the batch only while the ledger gave back none of its untaken
/// messages: a partition dropped (revoked, lost) or resynced since the decoding started changes
/// <see cref="PartitionLedger.Generation"/>, the decoding restarts with the next message, and at close the batch is
/// decoded whole unless what was decoded is every message taken (it is a subset of them, so the same count means the
/// same messages). Streams with a preparation step (Avro: writer schemas from a registry that may be down) are decoded
/// at close as before, after it. Owned by the consume loop's thread, like the ledger.
/// </remarks>
internal sealed class OpenBatchDecoding(StreamSet streams, PartitionLedger ledger, int maxBatch)
{
    /// <summary>
    /// Messages decoded together: ~12 ms of the loop's time per part, and the part's list and its decode results stay
    /// below the large-object heap's threshold.
    /// </summary>
    internal const int PartMessages = 1024;

    private const int NotStarted = -1;

    private readonly List<RawMessage> _part = new(PartMessages);
    private readonly Dictionary<StreamDefinition, BatchDecoding> _byStream = [];
    private readonly bool _enabled = !streams.Prepares;
    private int _decoded;
    private int _generation = NotStarted;

    // The last batch's size: the next one's record lists start near it instead of growing from a part's size, each
    // doubling one more large-object array.
    private int _lastBatch = PartMessages;

    /// <summary>Messages added and not decoded yet.</summary>
    public int Undecoded => _part.Count;

    /// <summary>A message the ledger just took into the open batch; true when a part is due (<see cref="DecodePart"/>).</summary>
    public bool Added(RawMessage message)
    {
        if (!_enabled)
        {
            return false;
        }

        var generation = ledger.Generation;
        if (generation != _generation)
        {
            // The ledger gave messages back since this decoding started: what it holds may not be in the batch.
            Reset();
            _generation = generation;
        }

        _part.Add(message);
        return _part.Count >= PartMessages;
    }

    /// <summary>Decodes the messages added since the last part.</summary>
    public void DecodePart()
    {
        if (_part.Count == 0)
        {
            return;
        }

        if (streams.Streams.Count == 1)
        {
            DecodingOf(streams.Streams[0]).Add(_part);
        }
        else
        {
            foreach (var (stream, list) in streams.ByStream(_part))
            {
                DecodingOf(stream).Add(list);
            }
        }

        _decoded += _part.Count;
        _part.Clear();
    }

    /// <summary>
    /// The batch of <paramref name="taken"/> (everything the ledger held untaken, just taken) decoded and prepared for
    /// <paramref name="warehouse"/> from the parts; null when the parts do not stand for it, and the caller decodes it
    /// whole. Either way the next batch starts afresh.
    /// </summary>
    public DecodedBatch? Finish(IReadOnlyList<RawMessage> taken, IWarehouse warehouse)
    {
        try
        {
            if (!_enabled || ledger.Generation != _generation || _decoded + _part.Count != taken.Count)
            {
                return null;
            }

            DecodePart();
            var decoded = new List<DecodedStream>(_byStream.Count);
            foreach (var stream in streams.Streams)
            {
                if (_byStream.TryGetValue(stream, out var decoding))
                {
                    decoded.Add(decoding.Finish(warehouse));
                }
            }

            return DecodedBatch.From(taken, decoded);
        }
        finally
        {
            _lastBatch = taken.Count;
            Reset();
        }
    }

    private BatchDecoding DecodingOf(StreamDefinition stream)
    {
        if (!_byStream.TryGetValue(stream, out var decoding))
        {
            _byStream[stream] = decoding = stream.StartDecoding(Math.Clamp(_lastBatch + (_lastBatch / 4), PartMessages, Math.Max(PartMessages, maxBatch)));
        }

        return decoding;
    }

    private void Reset()
    {
        _byStream.Clear();
        _part.Clear();
        _decoded = 0;
        _generation = NotStarted;
    }
}
