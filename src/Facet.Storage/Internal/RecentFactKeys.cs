namespace Facet.Storage.Internal;

/// <summary>
/// The (event key, UTC day) of the clickstream events one writer's last few preparations kept, per batch, each batch
/// marked once its transaction committed. A preparation drops an event whose key is here as a duplicate of that earlier
/// batch's — it <em>holds</em> the event against that batch — and the write confirms the hold: when every batch a
/// preparation held events against has committed, those events are stored and the batch is written as prepared;
/// otherwise (a batch dropped when its partitions were revoked, rolled back, or read again after a resync) the write
/// prepares the records again without this window and the fact insert decides, as it does for duplicates older than
/// the window or written by another process.
/// </summary>
/// <remarks>
/// Why (issue 22): duplicates straddle batch boundaries (a redelivery, a retried produce: the generated data's 1 % of
/// duplicates put ~10 of every 60,000-event batch's events in the batch after their first copy). Each such batch met a
/// stored key in the fact insert: on PostgreSQL a failed COPY, then a key probe of every event of the next 16 batches
/// (2.8 s of PostgreSQL per million events), and on both backends the rollups counted again and the devices grouped
/// again on the write lane. A 1M-event `facet load` into PostgreSQL ran 13–15 % longer for those ~160 events
/// (BENCHMARKS.md).
/// Invariant: a batch marked committed has every key of its set stored — its own events by its fact insert, the ones
/// it held by the batches it held them against, which had committed before it was written.
/// A preparation holds the window's lock for its whole dedup (preparations of one writer come one at a time; the
/// write marks its batch through the batch object, without the lock).
/// </remarks>
internal sealed class RecentFactKeys
{
    /// <summary>Batches kept at most (small batches: a `facet run` at a low rate).</summary>
    public const int MaxBatches = 8;

    /// <summary>Keys kept at most across the batches: three 60,000-event `facet load` batches (~6 MB).</summary>
    public const int MaxKeys = 200_000;

    private readonly Lock _gate = new();

    // Oldest first; the newest is the last preparation's.
    private readonly List<Batch> _batches = [];

    private int _keys;

    /// <summary>One preparation's kept keys and whether its transaction committed.</summary>
    public sealed class Batch
    {
        private volatile bool _committed;

        internal Batch(HashSet<(Guid, DateOnly)> keys) => Keys = keys;

        /// <summary>The keys; null once the batch left the window (its set went back to a preparation's scratch).</summary>
        internal HashSet<(Guid, DateOnly)>? Keys { get; set; }

        /// <summary>The transaction that wrote this preparation committed: every key in it is stored.</summary>
        public bool Committed => _committed;

        public void MarkCommitted() => _committed = true;
    }

    /// <summary>Enters the window for one preparation's dedup; dispose to leave it.</summary>
    public Lock.Scope Enter() => _gate.EnterScope();

    /// <summary>The batch of the window that kept <paramref name="key"/>, newest first; null when none did.</summary>
    /// <remarks>Call inside <see cref="Enter"/>.</remarks>
    public Batch? HolderOf((Guid, DateOnly) key)
    {
        for (var i = _batches.Count - 1; i >= 0; i--)
        {
            if (_batches[i].Keys!.Contains(key))
            {
                return _batches[i];
            }
        }

        return null;
    }

    /// <summary>
    /// Keeps <paramref name="keys"/> (the preparation's dedup set, taken over, not copied) as the newest batch and
    /// evicts the oldest past the limits; returns the batch, and in <paramref name="spare"/> an emptied set of an
    /// evicted batch for the preparation's scratch (null when none was evicted).
    /// </summary>
    /// <remarks>Call inside <see cref="Enter"/>.</remarks>
    public Batch Remember(HashSet<(Guid, DateOnly)> keys, out HashSet<(Guid, DateOnly)>? spare)
    {
        var batch = new Batch(keys);
        _batches.Add(batch);
        _keys += keys.Count;
        spare = null;
        while (_batches.Count > 1 && (_batches.Count > MaxBatches || _keys > MaxKeys))
        {
            var oldest = _batches[0];
            _batches.RemoveAt(0);
            var set = oldest.Keys!;
            oldest.Keys = null;
            _keys -= set.Count;
            if (spare is null && set.Count <= PrepareScratch.MaxKeptEntries)
            {
                set.Clear();
                spare = set;
            }
        }

        return batch;
    }
}
