using System.Runtime.InteropServices;
using Facet.Core.Enrichment;

namespace Facet.Storage.Internal;

/// <summary>
/// A batch's clickstream events made ready to write, ahead of the write (CPU only): deduplicated on (event key, UTC
/// day) keeping the first — the one place clickstream duplicates within a batch are decided — natural keys computed,
/// rows in the unique index's order.
/// </summary>
internal sealed class PreparedClickstream
{
    // Per dimension, the batch's distinct natural keys in member-number order.
    private readonly List<string>[] _naturalKeys;

    // Per dimension, the surrogate key of each distinct member as FindMisses found it (Unresolved when not cached).
    private readonly int[][] _keys = new int[Dimension.Count][];

    // The batches of the window whose events this preparation dropped (EarlierBatchDuplicates); usually one or none.
    private readonly List<RecentFactKeys.Batch> _heldAgainst;

    private PreparedClickstream(List<PreparedEvent> events, Dropped dropped, List<string>[] naturalKeys, Rollups.Tally rollups, BatchDevices devices, List<DateOnly> days)
    {
        Events = events;
        Devices = devices;
        Days = days;
        InBatchDuplicates = dropped.InBatch;
        EarlierBatchDuplicates = dropped.OfEarlierBatches;
        _heldAgainst = dropped.HeldAgainst;
        Remembered = dropped.Remembered;
        _naturalKeys = naturalKeys;
        RollupTally = rollups;
    }

    /// <summary>
    /// The rollup increments of all <see cref="Events"/>, counted here by member number (<see cref="Rollups.Count"/>):
    /// what the write adds when none of them was stored before, with <see cref="KeyOf"/> once the keys are assigned.
    /// </summary>
    public Rollups.Tally RollupTally { get; }

    /// <summary>Distinct events, ordered by (event key, UTC day) — the unique index order, so concurrent writers lock in one order.</summary>
    public List<PreparedEvent> Events { get; }

    // Surrogate keys are positive (Unknown = 0): a negative key marks a member FindMisses did not find in the cache.
    private const int Unresolved = -1;

    // A member number (PreparedEvent.Members) of the Unknown member: the event has no natural key in that dimension.
    private const int Unknown = -1;

    public int InBatchDuplicates { get; }

    /// <summary>
    /// Events dropped as duplicates of events an earlier preparation of the same writer kept (<see cref="RecentFactKeys"/>):
    /// stored once <see cref="HeldAgainstCommittedBatches"/>.
    /// </summary>
    public int EarlierBatchDuplicates { get; }

    /// <summary>True when every earlier batch this preparation dropped events against has committed (or there is none).</summary>
    public bool HeldAgainstCommittedBatches => _heldAgainst.TrueForAll(static b => b.Committed);

    /// <summary>This preparation's keys in the writer's window, to mark when its transaction commits; null when not kept.</summary>
    public RecentFactKeys.Batch? Remembered { get; }

    /// <summary><see cref="Events"/> by device, for the session and funnel steps when every event was new.</summary>
    public BatchDevices Devices { get; }

    /// <summary>
    /// The distinct UTC days (fact partitions) of <see cref="Events"/>, collected here off the write lane: the partitions
    /// the write needs, and where a recovery finds the batch's facts (V023).
    /// </summary>
    public List<DateOnly> Days { get; }

    /// <summary>Deduplicates, keys and orders the events (CPU only: no cache, no connection).</summary>
    public static PreparedClickstream Prepare(IReadOnlyList<EnrichedEvent> source, WarehouseOptions options, PrivacyRules privacy) =>
        Prepare(source, options, privacy, recent: null);

    /// <summary>
    /// Deduplicates (within the batch, and against the earlier batches in <paramref name="recent"/> when given, which
    /// then keeps this batch's keys), keys and orders the events (CPU only: no cache, no connection).
    /// </summary>
    public static PreparedClickstream Prepare(IReadOnlyList<EnrichedEvent> source, WarehouseOptions options, PrivacyRules privacy, RecentFactKeys? recent)
    {
        ArgumentNullException.ThrowIfNull(source);
        var scratch = PrepareScratch.Rent();
        try
        {
            if (recent is null)
            {
                return Prepare(source, options, privacy, scratch, recent: null);
            }

            using (recent.Enter())
            {
                return Prepare(source, options, privacy, scratch, recent);
            }
        }
        finally
        {
            scratch.Return();
        }
    }

    private static PreparedClickstream Prepare(IReadOnlyList<EnrichedEvent> source, WarehouseOptions options, PrivacyRules privacy, PrepareScratch scratch, RecentFactKeys? recent)
    {
        var seen = scratch.Seen;
        var events = new List<PreparedEvent>(source.Count);
        var duplicates = 0;
        var ofEarlierBatches = 0;
        List<RecentFactKeys.Batch> heldAgainst = [];
        List<DateOnly> days = [];
        var zone = options.ReportingTimeZone;
        var members = new BatchMembers[Dimension.Count];
        foreach (var dimension in Dimension.All)
        {
            members[dimension.Index] = new BatchMembers(scratch.MemberNumbers[dimension.Index], scratch.MemberSources[dimension.Index]);
        }

        for (var i = 0; i < source.Count; i++)
        {
            var enriched = source[i];
            var e = enriched.Event;
            var ticks = e.EventTime.UtcTicks;
            var utc = new DateTime(ticks - (ticks % 10), DateTimeKind.Utc); // whole µs (PreparedEvent.EventTsUtc says why)
            var key = EventKeys.For(e.EventIdText);
            var date = DateOnly.FromDateTime(utc);
            if (!seen.Add((key, date)))
            {
                duplicates++;
                continue;
            }

            if (recent?.HolderOf((key, date)) is { } holder)
            {
                // Kept in `seen` all the same: this batch's own later copies are in-batch duplicates, and the key
                // stays in the window with this batch (stored once it commits, which needs the holder's commit first).
                ofEarlierBatches++;
                if (!heldAgainst.Contains(holder))
                {
                    heldAgainst.Add(holder);
                }

                continue;
            }

            var local = zone == TimeZoneInfo.Utc ? utc : TimeZoneInfo.ConvertTimeFromUtc(utc, zone);
            var prepared = new PreparedEvent(enriched)
            {
                EventKey = key,
                EventDate = date,
                EventTsUtc = utc,
                HourUtc = new DateTime(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, DateTimeKind.Utc),
                DateKey = (local.Year * 10000) + (local.Month * 100) + local.Day,
                Hour = (short)local.Hour,
                Ip = privacy.Ip(e.Ip),
                ExtraJson = privacy.Extra(e.ExtraJson),
            };
            foreach (var dimension in Dimension.All)
            {
                prepared.Members[dimension.Index] = members[dimension.Index].Of(dimension, enriched, privacy);
            }

            events.Add(prepared);
            if (!days.Contains(date))
            {
                // A batch spans a day or two: a list beats a set.
                days.Add(date);
            }
        }

        // Counted and grouped by device before the sort, in the order the events were decoded, which is the order their
        // objects were allocated in: both read fields through several objects of every event, and in the key order
        // below (random) those reads missed the caches far more (issue 22: the count was 12.7 % of `facet load`'s CPU;
        // in decode order the count costs a quarter less and the grouping two fifths less, BENCHMARKS.md). The tally
        // is the same in any order (sums, earliest times, rows sorted by their texts); the grouping keeps each event's
        // place in the sorted list, which is what a partial insert's mask refers to (DevicesOf).
        var naturalKeys = Array.ConvertAll(members, static m => m.NaturalKeys);
        var tally = Rollups.Count(events, zone.Id, naturalKeys, scratch);
        var sortedPositions = SortByKey(events, scratch, out var order);
        var devices = BatchDevices.Of(events, sortedPositions);
        SortInPlace(events, order);
        RecentFactKeys.Batch? remembered = null;
        if (recent is not null && seen.Count <= PrepareScratch.MaxKeptEntries)
        {
            // The dedup set itself goes to the window; the scratch takes an evicted batch's emptied set in its place.
            remembered = recent.Remember(seen, out var spare);
            scratch.Seen = spare ?? [];
        }

        return new PreparedClickstream(events, new Dropped(duplicates, ofEarlierBatches, heldAgainst, remembered), naturalKeys, tally, devices, days);
    }

    private readonly record struct Dropped(int InBatch, int OfEarlierBatches, List<RecentFactKeys.Batch> HeldAgainst, RecentFactKeys.Batch? Remembered);

    /// <summary>
    /// The key order of <paramref name="events"/> (event key, then UTC day: the unique index's order) as a permutation,
    /// <paramref name="order"/> (sorted position → index); returns each event's sorted position, by index.
    /// </summary>
    private static int[] SortByKey(List<PreparedEvent> events, PrepareScratch scratch, out int[] order)
    {
        var n = events.Count;
        order = scratch.SortOrder(n);
        for (var i = 0; i < n; i++)
        {
            order[i] = i;
        }

        order.AsSpan(0, n).Sort((a, b) =>
        {
            var (x, y) = (events[a], events[b]);
            return x.EventKey != y.EventKey ? x.EventKey.CompareTo(y.EventKey) : x.EventDate.CompareTo(y.EventDate);
        });
        var positions = scratch.SortedPositions(n);
        for (var p = 0; p < n; p++)
        {
            positions[order[p]] = p;
        }

        return positions;
    }

    /// <summary>
    /// Moves <paramref name="events"/> into the order <paramref name="order"/> gives (sorted position → index) in
    /// place, one cycle of the permutation at a time (a copy of a batch-sized list would be one more large-object
    /// allocation per batch); <paramref name="order"/> is spent (its entries complemented as they are done).
    /// </summary>
    private static void SortInPlace(List<PreparedEvent> events, int[] order)
    {
        var span = CollectionsMarshal.AsSpan(events);
        for (var start = 0; start < span.Length; start++)
        {
            if (order[start] < 0)
            {
                continue;
            }

            var first = span[start];
            var p = start;
            while (true)
            {
                var from = order[p];
                order[p] = ~from;
                if (from == start)
                {
                    span[p] = first;
                    break;
                }

                span[p] = span[from];
                p = from;
            }
        }
    }

    /// <summary>
    /// The rollup increments of <paramref name="inserted"/>, some of <see cref="Events"/> (the ones the fact insert
    /// stored), counted as <see cref="RollupTally"/> is: the same rows and order for the same events.
    /// </summary>
    public Rollups.Tally CountRollups(IReadOnlyList<PreparedEvent> inserted, string zone)
    {
        var scratch = PrepareScratch.Rent();
        try
        {
            return Rollups.Count(inserted, zone, _naturalKeys, scratch);
        }
        finally
        {
            scratch.Return();
        }
    }

    /// <summary>
    /// <see cref="Devices"/> of <paramref name="inserted"/>, the events of <see cref="Events"/> the fact insert stored:
    /// the prepared grouping itself when it stored them all, else that grouping without the others when the insert kept
    /// the batch's order (it filters it), else grouped again.
    /// </summary>
    public BatchDevices DevicesOf(IReadOnlyList<PreparedEvent> inserted)
    {
        if (inserted.Count == Events.Count)
        {
            return Devices;
        }

        // By reference, without reading an event: one walk of both lists.
        var kept = new bool[Events.Count];
        var next = 0;
        for (var i = 0; i < Events.Count && next < inserted.Count; i++)
        {
            if (ReferenceEquals(Events[i], inserted[next]))
            {
                kept[i] = true;
                next++;
            }
        }

        return next == inserted.Count ? Devices.Only(kept) : BatchDevices.Of(inserted);
    }

    /// <summary>
    /// The dimension members not in <paramref name="cache"/>, per dimension, each with the batch's earliest event that
    /// uses it (for its attributes: a product's <c>first_url</c> and <c>first_seen_at</c> are its first sighting's),
    /// sorted by natural key so concurrent writers insert in one order.
    /// </summary>
    public List<(string NaturalKey, EnrichedEvent Sample)>[] FindMisses(DimensionCache cache)
    {
        var misses = new List<(string, EnrichedEvent)>[Dimension.Count];
        var samples = new int[Dimension.Count][];
        for (var d = 0; d < Dimension.Count; d++)
        {
            misses[d] = [];
            // Issue 22: the cache is asked once per distinct member of the batch, not once per event and dimension.
            var naturalKeys = _naturalKeys[d];
            var keys = _keys[d] = new int[naturalKeys.Count];
            for (var m = 0; m < keys.Length; m++)
            {
                keys[m] = cache.TryGet(d, naturalKeys[m], out var key) ? key : Unresolved;
            }

            samples[d] = new int[keys.Length];
            samples[d].AsSpan().Fill(NoSample);
        }

        for (var i = 0; i < Events.Count; i++)
        {
            var e = Events[i];
            for (var d = 0; d < Dimension.Count; d++)
            {
                var member = e.Members[d];
                if (member == Unknown)
                {
                    e.Keys[d] = 0;
                    continue;
                }

                // Remembered so AssignKeys resolves only the misses.
                var key = e.Keys[d] = _keys[d][member];
                if (key == Unresolved)
                {
                    // The earliest event (by time, then key: whatever order the batch is stored in) supplies the
                    // member's attributes.
                    ref var sample = ref samples[d][member];
                    if (sample == NoSample || IsEarlier(e, Events[sample]))
                    {
                        sample = i;
                    }
                }
            }
        }

        for (var d = 0; d < Dimension.Count; d++)
        {
            for (var m = 0; m < samples[d].Length; m++)
            {
                if (samples[d][m] != NoSample)
                {
                    misses[d].Add((_naturalKeys[d][m], Events[samples[d][m]].Source));
                }
            }

            misses[d].Sort(static (a, b) => string.CompareOrdinal(a.Item1, b.Item1));
        }

        return misses;
    }

    // FindMisses: a member with no sampled event (cached, or not used by any event).
    private const int NoSample = -1;

    private static bool IsEarlier(PreparedEvent a, PreparedEvent b) =>
        a.EventTsUtc != b.EventTsUtc ? a.EventTsUtc < b.EventTsUtc : a.EventKey.CompareTo(b.EventKey) < 0;

    /// <summary>
    /// Sets the dimension keys <see cref="FindMisses"/> left unresolved from the cache, once the misses are in it.
    /// FindMisses must run first in the same attempt: it sets (or resets, on a retry) every event's keys.
    /// </summary>
    public void AssignKeys(DimensionCache cache)
    {
        for (var d = 0; d < Dimension.Count; d++)
        {
            var keys = _keys[d] ?? throw new InvalidOperationException("AssignKeys before FindMisses; this is a bug in the loader");
            for (var m = 0; m < keys.Length; m++)
            {
                if (keys[m] != Unresolved)
                {
                    continue;
                }

                keys[m] = cache.TryGet(d, _naturalKeys[d][m], out var key)
                    ? key
                    : throw new InvalidOperationException($"{Dimension.All[d].Table} member was not resolved; this is a bug in the loader");
            }
        }

        foreach (var e in Events)
        {
            for (var d = 0; d < Dimension.Count; d++)
            {
                if (e.Keys[d] == Unresolved)
                {
                    e.Keys[d] = _keys[d][e.Members[d]];
                }
            }
        }
    }

    /// <summary>The surrogate key of a member number of dimension <paramref name="dimension"/>, after <see cref="AssignKeys"/>.</summary>
    public int KeyOf(int dimension, int member) =>
        member == Unknown ? 0 : _keys[dimension] is { } keys && keys[member] != Unresolved
            ? keys[member]
            : throw new InvalidOperationException("KeyOf before AssignKeys; this is a bug in the loader");

    /// <summary>
    /// A batch's distinct members of one dimension, numbered in order of first use. Dimensions whose natural key is a
    /// function of shared objects (<see cref="MemberSource"/>) compute it once per distinct source.
    /// </summary>
    /// <param name="numbers">An empty ordinal table (<see cref="PrepareScratch.MemberNumbers"/>), used while preparing only.</param>
    /// <param name="bySource">An empty table with the dimension's <see cref="Dimension.KeySourceComparer"/>, or null when it has none.</param>
    private sealed class BatchMembers(Dictionary<string, int> numbers, Dictionary<MemberSource, int>? bySource)
    {
        private readonly Dictionary<string, int> _numbers = numbers;
        private readonly Dictionary<MemberSource, int>? _bySource = bySource;

        public List<string> NaturalKeys { get; } = [];

        /// <summary>The member's number, or <see cref="Unknown"/>.</summary>
        public int Of(Dimension dimension, EnrichedEvent e, PrivacyRules privacy)
        {
            if (_bySource is null || dimension.KeySource(e) is not { } source)
            {
                return Number(dimension.NaturalKey(e, privacy));
            }

            ref var member = ref CollectionsMarshal.GetValueRefOrAddDefault(_bySource, source, out var exists);
            if (!exists)
            {
                member = Number(dimension.NaturalKey(e, privacy));
            }

            return member;
        }

        private int Number(string? naturalKey)
        {
            if (naturalKey is null)
            {
                return Unknown;
            }

            ref var number = ref CollectionsMarshal.GetValueRefOrAddDefault(_numbers, naturalKey, out var exists);
            if (!exists)
            {
                number = NaturalKeys.Count;
                NaturalKeys.Add(naturalKey);
            }

            return number;
        }
    }
}
