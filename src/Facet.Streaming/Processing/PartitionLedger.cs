using System.Runtime.InteropServices;
using Facet.Storage;

namespace Facet.Streaming.Processing;

/// <summary>
/// What one worker owns and holds, per topic partition: whether its start offset (the warehouse checkpoint) is known
/// yet, the messages consumed but not committed, how many of them are in a batch, and the checkpoint it expects the
/// warehouse to hold. Pure state — no Kafka, no warehouse, no clock — owned by the consume loop's thread.
/// </summary>
/// <remarks>
/// Messages stay pending until the batch holding them commits, so a failed or conflicting write is retried from
/// memory. A resync bumps a partition's epoch: a batch taken before it is stale for that partition. A message leaving
/// the ledger (its batch committed, its partition dropped or resynced) gives its bytes back to the arena.
/// </remarks>
internal sealed class PartitionLedger(MessageArena? arena = null)
{
    /// <summary>Committed batches' message lists kept for the next <see cref="Take"/>: one in flight, one being decoded.</summary>
    internal const int SpareLists = 2;

    /// <summary>A list that grew past this many messages (a one-off backlog) is not kept.</summary>
    internal const int MaxKeptListCapacity = 1 << 18;

    private readonly SortedDictionary<PartitionId, Entry> _partitions = [];

    // Issue 22: each batch's list of its messages (~70 B each) was a large-object-heap array of its own, the steadiest
    // of `facet run`'s large allocations at 20,000 events/s (7 MiB every 5 s), each counting toward the next full
    // collection. A committed batch gives its list back (Recycle).
    private readonly Stack<List<RawMessage>> _spareLists = new(SpareLists);
    private int _awaitingStart;

    /// <summary>Messages consumed and not yet taken into a batch.</summary>
    public int Untaken { get; private set; }

    /// <summary>
    /// Changes whenever untaken messages may have left the ledger or taken ones come back as untaken (a partition
    /// dropped, a resync): what was decoded of the untaken messages before such a change may not be the next batch.
    /// </summary>
    public int Generation { get; private set; }

    /// <summary>Owned partitions, started or not, in (topic, partition) order.</summary>
    public IReadOnlyCollection<PartitionId> Owned => _partitions.Keys;

    public int Count => _partitions.Count;

    /// <summary>Owned partitions whose start offset is not known yet (the warehouse could not be read when they were assigned).</summary>
    public IReadOnlyList<PartitionId> AwaitingStart => [.. _partitions.Where(static p => !p.Value.Started).Select(static p => p.Key)];

    /// <summary>
    /// Whether any owned partition awaits its start offset. The consume loop asks this once per message, so it is a
    /// counter rather than a scan of <see cref="AwaitingStart"/> (that allocated a list per consumed message).
    /// </summary>
    public bool HasAwaitingStart => _awaitingStart > 0;

    public bool IsOwned(PartitionId id) => _partitions.ContainsKey(id);

    /// <summary>The checkpoint this worker expects the warehouse to hold (<see cref="CheckpointAdvance.None"/>: none, or not started).</summary>
    public long ExpectedNext(PartitionId id) => _partitions.TryGetValue(id, out var entry) ? entry.ExpectedNext : CheckpointAdvance.None;

    /// <summary>Takes ownership of <paramref name="id"/>; its messages are refused until <see cref="Start"/>.</summary>
    public void Assign(PartitionId id)
    {
        Drop(id);
        _partitions[id] = new Entry();
        _awaitingStart++;
    }

    /// <summary>The start offset is known: <paramref name="expectedNext"/> is the stored checkpoint (or none).</summary>
    public void Start(PartitionId id, long expectedNext)
    {
        var entry = Get(id);
        if (!entry.Started)
        {
            _awaitingStart--;
        }

        entry.Started = true;
        entry.ExpectedNext = expectedNext;
    }

    /// <summary>Adds a consumed message; false (ignored) when the partition is not owned or not started.</summary>
    public bool Add(PartitionId id, RawMessage message)
    {
        if (!_partitions.TryGetValue(id, out var entry) || !entry.Started)
        {
            return false;
        }

        entry.Pending.Add(message);
        Untaken++;
        return true;
    }

    /// <summary>The messages <see cref="Take"/> would take now, without taking them (for a decoder's preparation step).</summary>
    public IReadOnlyList<RawMessage> PeekUntaken()
    {
        var messages = new List<RawMessage>(Untaken);
        foreach (var entry in _partitions.Values)
        {
            for (var i = entry.Taken; i < entry.Pending.Count; i++)
            {
                messages.Add(entry.Pending[i]);
            }
        }

        return messages;
    }

    /// <summary>Takes every untaken message into a batch: one part per partition, in (topic, partition) order.</summary>
    public LedgerBatch Take()
    {
        var parts = new List<LedgerPart>();
        var messages = _spareLists.TryPop(out var spare) ? spare : new List<RawMessage>(Untaken);
        messages.EnsureCapacity(Untaken);
        foreach (var (id, entry) in _partitions)
        {
            var untaken = entry.Pending.Count - entry.Taken;
            if (untaken == 0)
            {
                continue;
            }

            var start = messages.Count;
            messages.AddRange(CollectionsMarshal.AsSpan(entry.Pending)[entry.Taken..]);
            parts.Add(new LedgerPart(id, entry, entry.Epoch, new MessageRange(messages, start, untaken), entry.Pending[^1].Position.Offset + 1));
            entry.Taken = entry.Pending.Count;
        }

        Untaken = 0;
        return new LedgerBatch(parts, messages);
    }

    /// <summary>
    /// <paramref name="batch"/> is done with — its parts committed, its rejections' bytes copied out — and nothing reads
    /// it again: its message list is kept for a later <see cref="Take"/> (which fills it anew). A batch not recycled is
    /// simply collected.
    /// </summary>
    public void Recycle(LedgerBatch batch)
    {
        if (batch.Recycled)
        {
            throw new InvalidOperationException("a batch was recycled twice: its list would be handed to two batches");
        }

        batch.Recycled = true;
        if (batch.Messages is List<RawMessage> list && _spareLists.Count < SpareLists && list.Capacity <= MaxKeptListCapacity)
        {
            list.Clear();
            _spareLists.Push(list);
        }
    }

    /// <summary>True while <paramref name="part"/> still stands for its partition: owned by the same assignment, no resync since.</summary>
    public bool IsCurrent(LedgerPart part) =>
        _partitions.TryGetValue(part.Id, out var entry) && ReferenceEquals(entry, part.Owner) && entry.Epoch == part.Epoch;

    /// <summary>The guarded move this part makes: from the checkpoint the warehouse holds now to just past its last message.</summary>
    public CheckpointAdvance AdvanceFor(LedgerPart part, string group) =>
        new(group, part.Id.Topic, part.Id.Partition, ((Entry)part.Owner).ExpectedNext, part.NextOffset);

    /// <summary>The part's batch committed: its messages leave the ledger and the expected checkpoint moves. False when the part is stale.</summary>
    public bool Commit(LedgerPart part)
    {
        if (!IsCurrent(part))
        {
            return false;
        }

        var entry = (Entry)part.Owner;
        entry.ExpectedNext = part.NextOffset;
        Release(entry.Pending, part.Messages.Count);
        entry.Pending.RemoveRange(0, part.Messages.Count);
        entry.Taken -= part.Messages.Count;
        return true;
    }

    /// <summary>Gives up <paramref name="id"/> (revoked or lost); returns how many uncommitted messages were dropped.</summary>
    public int Drop(PartitionId id)
    {
        if (!_partitions.Remove(id, out var entry))
        {
            return 0;
        }

        Generation++;
        if (!entry.Started)
        {
            _awaitingStart--;
        }

        Untaken -= entry.Pending.Count - entry.Taken;
        Release(entry.Pending, entry.Pending.Count);
        return entry.Pending.Count;
    }

    /// <summary>
    /// After a checkpoint conflict: every started partition goes back to what the warehouse holds
    /// (<paramref name="stored"/>). Where that is what this worker expected, its messages are all still here and are
    /// batched again; elsewhere they are dropped, and the partition must be re-read from the returned offset.
    /// </summary>
    public IReadOnlyList<(PartitionId Id, long Stored, long Expected)> Resync(Func<PartitionId, long> stored)
    {
        var seeks = new List<(PartitionId, long, long)>();
        Generation++;
        Untaken = 0;
        foreach (var (id, entry) in _partitions)
        {
            entry.Epoch++;
            entry.Taken = 0;
            if (!entry.Started)
            {
                continue;
            }

            var current = stored(id);
            if (current == entry.ExpectedNext)
            {
                Untaken += entry.Pending.Count;
                continue;
            }

            seeks.Add((id, current, entry.ExpectedNext));
            Release(entry.Pending, entry.Pending.Count);
            entry.Pending.Clear();
            entry.ExpectedNext = current;
        }

        return seeks;
    }

    /// <summary>The first <paramref name="count"/> of <paramref name="messages"/> leave the ledger: their bytes may be reused.</summary>
    private void Release(List<RawMessage> messages, int count)
    {
        if (arena is null)
        {
            return;
        }

        for (var i = 0; i < count; i++)
        {
            arena.Release(messages[i].Value);
        }
    }

    private Entry Get(PartitionId id) =>
        _partitions.TryGetValue(id, out var entry) ? entry : throw new InvalidOperationException($"partition {id} is not owned by this worker");

    private sealed class Entry
    {
        public bool Started { get; set; }

        public long ExpectedNext { get; set; } = CheckpointAdvance.None;

        public int Epoch { get; set; }

        /// <summary>Consumed messages not yet committed, in offset order; the first <see cref="Taken"/> are in a batch.</summary>
        public List<RawMessage> Pending { get; } = [];

        public int Taken { get; set; }
    }
}
