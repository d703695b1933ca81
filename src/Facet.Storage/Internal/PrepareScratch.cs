namespace Facet.Storage.Internal;

/// <summary>
/// The hash tables and arrays one clickstream batch preparation fills and then drops: the in-batch dedup set, each
/// dimension's member numbering, the rollup counts and the key order. Rented for the length of one synchronous
/// preparation (<see cref="PreparedClickstream.Prepare"/>, <see cref="PreparedClickstream.CountRollups"/>) and handed back empty, so their arrays are
/// made once per process instead of once per batch.
/// </summary>
/// <remarks>
/// Why (issue 22): at 20,000 events a batch's tables are 0.1–2 MB each, all on the large-object heap, ~250 MB of it per
/// million events counting the copies a table makes as it grows; the large-object budget that spends is what started
/// most of `facet load`'s full collections. Nothing rented escapes the call that rents it: what outlives the
/// preparation is copied out (the member keys, the counts, the sorted device-days).
/// Two are kept: one for the batch being prepared and one for the write's own count of a replayed batch, which can
/// run at the same time. A table grown past <see cref="MaxKeptEntries"/> (a one-off import batch) is not kept.
/// </remarks>
internal sealed class PrepareScratch
{
    /// <summary>
    /// Entries one kept table may hold before it is dropped rather than pinned: a 120,000-event batch fits. Past it each
    /// batch made its tables again (issue 22: <c>facet load --max-batch 80000</c> when this was 65,536 allocated 13 % more
    /// per event and ran 43 full collections per million events instead of 23).
    /// </summary>
    public const int MaxKeptEntries = 131_072;

    private static readonly PrepareScratch?[] Spares = new PrepareScratch?[2];

    private PrepareScratch()
    {
        MemberNumbers = new Dictionary<string, int>[Dimension.Count];
        MemberSources = new Dictionary<MemberSource, int>?[Dimension.Count];
        foreach (var dimension in Dimension.All)
        {
            MemberNumbers[dimension.Index] = new Dictionary<string, int>(StringComparer.Ordinal);
            MemberSources[dimension.Index] = dimension.KeySourceComparer is { } comparer ? new Dictionary<MemberSource, int>(comparer) : null;
        }

        RollupCounts = new Dictionary<Rollups.CountKey, long>[RollupTable.All.Length];
        for (var i = 0; i < RollupCounts.Length; i++)
        {
            RollupCounts[i] = [];
        }
    }

    /// <summary>
    /// (event key, UTC day) of the events kept so far: the in-batch dedup. A preparation with a window of recent keys
    /// hands the filled set to it and puts an empty one here (<see cref="RecentFactKeys.Remember"/>).
    /// </summary>
    public HashSet<(Guid, DateOnly)> Seen { get; set; } = [];

    /// <summary>Per dimension, each distinct natural key's member number.</summary>
    public Dictionary<string, int>[] MemberNumbers { get; }

    /// <summary>Per dimension with a key source (<see cref="Dimension.KeySourceComparer"/>), each distinct source's member number.</summary>
    public Dictionary<MemberSource, int>?[] MemberSources { get; }

    /// <summary>Per <see cref="RollupTable.All"/> index, the increments being counted.</summary>
    public Dictionary<Rollups.CountKey, long>[] RollupCounts { get; }

    public Dictionary<DeviceDay, DateTime> Devices { get; } = [];

    public Dictionary<DateTime, int> DayOfHour { get; } = [];

    public Dictionary<string, int> TextIds { get; } = new(StringComparer.Ordinal);

    private int[] _sortOrder = [];
    private int[] _sortedPositions = [];

    /// <summary>Room for a batch's key order as a permutation (<c>PreparedClickstream.SortByKey</c>).</summary>
    public int[] SortOrder(int count) => _sortOrder.Length >= count ? _sortOrder : _sortOrder = new int[count];

    /// <summary>Room for each event's place in the key order.</summary>
    public int[] SortedPositions(int count) => _sortedPositions.Length >= count ? _sortedPositions : _sortedPositions = new int[count];

    /// <summary>An empty scratch: a kept one when there is one, else a new one.</summary>
    public static PrepareScratch Rent()
    {
        for (var i = 0; i < Spares.Length; i++)
        {
            if (Interlocked.Exchange(ref Spares[i], null) is { } spare)
            {
                return spare;
            }
        }

        return new PrepareScratch();
    }

    /// <summary>Empties this scratch and keeps it for the next <see cref="Rent"/>; nothing may use it afterwards.</summary>
    public void Return()
    {
        if (!Clear())
        {
            return;
        }

        for (var i = 0; i < Spares.Length; i++)
        {
            if (Interlocked.CompareExchange(ref Spares[i], this, null) is null)
            {
                return;
            }
        }
    }

    /// <summary>Clears every table; false when one held more than <see cref="MaxKeptEntries"/> (then not worth keeping).</summary>
    private bool Clear()
    {
        // The two arrays hold no references: kept as they are, unless larger than a table may be.
        var keep = Clear(Seen) & Clear(Devices) & Clear(DayOfHour) & Clear(TextIds)
                   & _sortOrder.Length <= MaxKeptEntries & _sortedPositions.Length <= MaxKeptEntries;
        foreach (var numbers in MemberNumbers)
        {
            keep &= Clear(numbers);
        }

        foreach (var sources in MemberSources)
        {
            keep &= sources is null || Clear(sources);
        }

        foreach (var counts in RollupCounts)
        {
            keep &= Clear(counts);
        }

        return keep;
    }

    private static bool Clear<TKey, TValue>(Dictionary<TKey, TValue> table)
        where TKey : notnull
    {
        var small = table.Count <= MaxKeptEntries;
        table.Clear();
        return small;
    }

    private static bool Clear<T>(HashSet<T> set)
    {
        var small = set.Count <= MaxKeptEntries;
        set.Clear();
        return small;
    }
}
