using System.Runtime.InteropServices;

namespace Facet.Storage.Internal;

/// <summary>
/// A rollup table: its name, grain and the dimension columns after (hour_utc | zone, date_key), collection, is_bot.
/// Only what a report reads is rolled up (issue 9): products and country×store per UTC hour (any whole-hour zone)
/// and per reporting-zone day; referrers, browser×OS and collections per UTC hour; collections per day (the
/// completeness check of a zone's daily rollups). At most one integer and two text columns (<see cref="RollupRows"/>).
/// </summary>
internal sealed record RollupTable(string Name, bool Daily, string[] IntColumns, string[] TextColumns)
{
    public static readonly RollupTable Product = new("rollup_product_hourly", false, ["product_key"], []);
    public static readonly RollupTable CountryStore = new("rollup_country_store_hourly", false, ["store_key"], ["country_code"]);
    public static readonly RollupTable Referrer = new("rollup_referrer_hourly", false, ["referrer_key"], []);
    public static readonly RollupTable BrowserOs = new("rollup_browser_os_hourly", false, [], ["browser", "os"]);
    public static readonly RollupTable Collection = new("rollup_collection_hourly", false, [], []);
    public static readonly RollupTable ProductDaily = new("rollup_product_daily", true, ["product_key"], []);
    public static readonly RollupTable CountryStoreDaily = new("rollup_country_store_daily", true, ["store_key"], ["country_code"]);
    public static readonly RollupTable CollectionDaily = new("rollup_collection_daily", true, [], []);

    public static readonly RollupTable[] All = [Product, CountryStore, Referrer, BrowserOs, Collection, ProductDaily, CountryStoreDaily, CollectionDaily];

    /// <summary>Daily tables: the zone comes first, bound once per statement (every row of a batch shares it).</summary>
    public IEnumerable<string> KeyColumns => Daily
        ? ["zone", "date_key", "collection", "is_bot", .. IntColumns, .. TextColumns]
        : ["hour_utc", "collection", "is_bot", .. IntColumns, .. TextColumns];
}

/// <summary>The key of a kpi_devices_daily row: a device id with an accepted event on a reporting-zone day.</summary>
internal readonly record struct DeviceDay(int DateKey, bool IsBot, string DeviceId) : IComparable<DeviceDay>
{
    public int CompareTo(DeviceDay other)
    {
        var c = DateKey.CompareTo(other.DateKey);
        c = c != 0 ? c : IsBot.CompareTo(other.IsBot);
        return c != 0 ? c : string.CompareOrdinal(DeviceId, other.DeviceId);
    }
}

/// <summary>The increments of every rollup for a set of newly inserted facts, each sorted (deterministic lock order).</summary>
internal sealed class Rollups
{
    private Rollups(string zone, RollupRows[] rows, List<KeyValuePair<DeviceDay, DateTime>> devices)
    {
        Zone = zone;
        Rows = rows;
        Devices = devices;
    }

    /// <summary>The reporting time zone (IANA id) of the daily tables' date keys.</summary>
    public string Zone { get; }

    /// <summary>Per <see cref="RollupTable.All"/> index, the sorted increments, with surrogate keys.</summary>
    public RollupRows[] Rows { get; }

    /// <summary>Distinct (day, bot flag, device id) of the inserted facts with their earliest event time (UTC), sorted.</summary>
    public List<KeyValuePair<DeviceDay, DateTime>> Devices { get; }

    private static readonly RollupRows NoRows = new(null, null, [], [], null, null, null, []);

    // Every table without rows (read only, like every Rows array once made).
    private static readonly RollupRows[] NoTables = [.. RollupTable.All.Select(static _ => NoRows)];

    /// <summary>Only the device-days of these increments: the batch transaction's part when the rows trail it (<see cref="Sum"/>).</summary>
    public Rollups WithoutRows() => new(Zone, NoTables, Devices);

    /// <summary>
    /// The rows of several batches' increments as one write: the rows of a key added up, in (hour | date key,
    /// collection, bot flag, surrogate key, text 1, text 2) order — one lock order for every trailing transaction,
    /// which a recovery's recount keeps too (Sql/Derived/Postgres/recover_rollups.sql). Without device-days: the batch
    /// transaction writes those (<see cref="WithoutRows"/>). Summed by the trailing transaction (<see cref="DerivedWrite"/>,
    /// V026), so that consecutive batches' rows of one hour and key are upserted once per trail, off the write lane.
    /// </summary>
    public static Rollups Sum(IReadOnlyList<Rollups> parts)
    {
        ArgumentOutOfRangeException.ThrowIfZero(parts.Count);
        var rows = new RollupRows[RollupTable.All.Length];
        for (var t = 0; t < rows.Length; t++)
        {
            var tables = parts.Select(p => p.Rows[t]).Where(static r => r.Count > 0).ToList();
            rows[t] = tables.Count == 0 ? NoRows : Tally.MergedByKey(Concatenated(tables));
        }

        return new Rollups(parts[0].Zone, rows, []);
    }

    private static RollupRows Concatenated(List<RollupRows> tables)
    {
        if (tables.Count == 1)
        {
            return tables[0];
        }

        T[]? Column<T>(Func<RollupRows, T[]?> column) => column(tables[0]) is null ? null : [.. tables.SelectMany(r => column(r)!)];
        return new RollupRows(Column(static r => r.HoursUtc), Column(static r => r.DateKeys), Column(static r => r.Collections)!,
            Column(static r => r.IsBot)!, Column(static r => r.Key1), Column(static r => r.Text1), Column(static r => r.Text2),
            Column(static r => r.Events)!);
    }

    /// <summary>These increments with <see cref="Devices"/> replaced (<see cref="DeviceDayCache.Unrecorded"/>: still sorted).</summary>
    public Rollups WithDevices(List<KeyValuePair<DeviceDay, DateTime>> devices) =>
        ReferenceEquals(devices, Devices) ? this : new Rollups(Zone, Rows, devices);

    /// <summary>
    /// The increments of prepared events counted before their dimension keys exist, by each event's batch member numbers
    /// (<see cref="PreparedEvent.Members"/>), and sorted; <see cref="Tally.Resolve"/> turns the member numbers into
    /// surrogate keys once they are assigned. Counted while the batch is prepared, off the write (issue 22: in
    /// <c>facet load</c> the previous batch's write is what the next one waits for, and counting was 5–10 % of the
    /// process), or by the write for the part of a batch its fact insert stored (a redelivery), the same way.
    /// </summary>
    /// <param name="naturalKeys">Per dimension, the batch's natural keys by member number: the rows' lock order.</param>
    /// <param name="scratch">The preparation's tables (emptied by the caller afterwards): nothing returned refers to them.</param>
    public static Tally Count(IReadOnlyList<PreparedEvent> events, string zone, IReadOnlyList<string>[] naturalKeys, PrepareScratch scratch)
    {
        // Issue 22: the eight increments per event are counted under all-integer keys (each text interned once per
        // batch), because hashing string keys eight times per event was 9 % of `facet load`'s CPU. The texts are put
        // back after counting.
        var texts = new TextIds(scratch.TextIds);
        var maps = scratch.RollupCounts;

        // The three daily tables are the hourly product, country×store and collection counts summed by day, wherever
        // every event of a UTC hour has one reporting-zone date (any whole-hour zone, and most hours of the others), so
        // those events are counted five times, not eight; only an hour whose events fall on two dates (a half-hour
        // zone's midnight, a DST change inside the hour) is counted into the daily tables event by event.
        var dayOfHour = DayOfHour(events, scratch.DayOfHour, out var anySplitHour);
        var devices = scratch.Devices;
        foreach (var e in events)
        {
            var hour = e.HourUtc;
            var day = e.DateKey;
            var collection = texts.Id(e.Source.Event.Collection);
            var bot = e.Source.IsBot;
            var ids = e.Members;
            var product = ids[Dimension.Product.Index];
            var store = ids[Dimension.Store.Index];
            // The IP country of the event's dim_location member ('' for the Unknown member, key 0), as the migration
            // back-fills it.
            var unknownLocation = ids[Dimension.Location.Index] == Tally.UnknownMember;
            var country = texts.Id(unknownLocation ? "" : e.Source.Location.CountryCode ?? "");
            Add(maps[0], new CountKey(hour, 0, collection, bot, product, TextIds.Null, TextIds.Null), 1);
            Add(maps[1], new CountKey(hour, 0, collection, bot, store, country, TextIds.Null), 1);
            Add(maps[2], new CountKey(hour, 0, collection, bot, ids[Dimension.Referrer.Index], TextIds.Null, TextIds.Null), 1);
            Add(maps[3], new CountKey(hour, 0, collection, bot, 0, texts.Id(e.Source.UserAgent.Browser), texts.Id(e.Source.UserAgent.Os)), 1);
            Add(maps[4], new CountKey(hour, 0, collection, bot, 0, TextIds.Null, TextIds.Null), 1);
            if (anySplitHour && dayOfHour[hour] == SplitHour)
            {
                Add(maps[5], new CountKey(default, day, collection, bot, product, TextIds.Null, TextIds.Null), 1);
                Add(maps[6], new CountKey(default, day, collection, bot, store, country, TextIds.Null), 1);
                Add(maps[7], new CountKey(default, day, collection, bot, 0, TextIds.Null, TextIds.Null), 1);
            }

            if (e.Source.Event.DeviceId is { } device)
            {
                ref var first = ref CollectionsMarshal.GetValueRefOrAddDefault(devices, new DeviceDay(day, bot, device), out var seen);
                if (!seen || e.EventTsUtc < first)
                {
                    first = e.EventTsUtc;
                }
            }
        }

        SumByDay(maps[0], maps[5], dayOfHour);
        SumByDay(maps[1], maps[6], dayOfHour);
        SumByDay(maps[4], maps[7], dayOfHour);

        // Copied out of the scratch tables as sorted columns, and the device-days sorted once for every attempt. A
        // dimension's member ranks serve both of its tables (hourly and daily).
        var textRanks = Ranks(texts.Texts);
        var memberRanks = new int[]?[Dimension.Count];
        var rows = new RollupRows[maps.Length];
        for (var i = 0; i < maps.Length; i++)
        {
            var ranks = Tally.Key1Dimensions[i] is { } dimension ? memberRanks[dimension.Index] ??= Ranks(naturalKeys[dimension.Index]) : null;
            rows[i] = Sorted(maps[i], RollupTable.All[i], new RowOrder(textRanks, ranks), texts.Texts);
        }

        List<KeyValuePair<DeviceDay, DateTime>> sortedDevices = [.. devices];
        sortedDevices.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return new Tally(zone, rows, Array.ConvertAll(naturalKeys, static k => k.Count), sortedDevices);
    }

    /// <summary>Each text's (member's) place in the ordinal order of <paramref name="texts"/>, by id.</summary>
    private static int[] Ranks(IReadOnlyList<string> texts)
    {
        var order = new int[texts.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) => string.CompareOrdinal(texts[a], texts[b]));
        var ranks = new int[order.Length];
        for (var r = 0; r < order.Length; r++)
        {
            ranks[order[r]] = r;
        }

        return ranks;
    }

    /// <summary>A table's counts as <see cref="RollupRows"/> in their lock order, <see cref="RollupRows.Key1"/> by member number.</summary>
    private static RollupRows Sorted(Dictionary<CountKey, long> counts, RollupTable table, RowOrder order, List<string> texts)
    {
        var n = counts.Count;
        var sorted = System.Buffers.ArrayPool<KeyValuePair<CountKey, long>>.Shared.Rent(n);
        try
        {
            ((ICollection<KeyValuePair<CountKey, long>>)counts).CopyTo(sorted, 0);
            Array.Sort(sorted, 0, n, order);
            var rows = new RollupRows(
                table.Daily ? null : new DateTime[n],
                table.Daily ? new int[n] : null,
                new string?[n],
                new bool[n],
                table.IntColumns.Length > 0 ? new int[n] : null,
                table.TextColumns.Length > 0 ? new string?[n] : null,
                table.TextColumns.Length > 1 ? new string?[n] : null,
                new long[n]);
            for (var i = 0; i < n; i++)
            {
                var (key, events) = sorted[i];
                rows.HoursUtc?[i] = key.HourUtc;
                rows.DateKeys?[i] = key.DateKey;
                rows.Collections[i] = Text(texts, key.Collection);
                rows.IsBot[i] = key.IsBot;
                rows.Key1?[i] = key.Key1;
                rows.Text1?[i] = Text(texts, key.Text1);
                rows.Text2?[i] = Text(texts, key.Text2);
                rows.Events[i] = events;
            }

            return rows;
        }
        finally
        {
            System.Buffers.ArrayPool<KeyValuePair<CountKey, long>>.Shared.Return(sorted);
        }
    }

    private static string? Text(List<string> texts, int id) => id == TextIds.Null ? null : texts[id];

    /// <summary>A <see cref="DayOfHour"/> value: the hour's events fall on more than one reporting-zone date.</summary>
    private const int SplitHour = -1;

    /// <summary>Per UTC hour of <paramref name="events"/>, the reporting-zone date key all its events share, or <see cref="SplitHour"/>.</summary>
    private static Dictionary<DateTime, int> DayOfHour(IReadOnlyList<PreparedEvent> events, Dictionary<DateTime, int> days, out bool anySplitHour)
    {
        anySplitHour = false;
        DateTime lastHour = default;
        var lastDay = 0;
        foreach (var e in events)
        {
            // Most neighbours share an hour and a date: one comparison instead of a look-up.
            if (e.DateKey == lastDay && e.HourUtc == lastHour)
            {
                continue;
            }

            ref var day = ref CollectionsMarshal.GetValueRefOrAddDefault(days, e.HourUtc, out var seen);
            if (!seen)
            {
                day = e.DateKey;
            }
            else if (day != e.DateKey && day != SplitHour)
            {
                day = SplitHour;
                anySplitHour = true;
            }

            (lastHour, lastDay) = (e.HourUtc, e.DateKey);
        }

        return days;
    }

    /// <summary>Adds each hourly count of a single-date hour to its day's count (the hourly key without its hour).</summary>
    private static void SumByDay(Dictionary<CountKey, long> hourly, Dictionary<CountKey, long> daily, Dictionary<DateTime, int> dayOfHour)
    {
        foreach (var (key, events) in hourly)
        {
            var day = dayOfHour[key.HourUtc];
            if (day != SplitHour)
            {
                Add(daily, key with { HourUtc = default, DateKey = day }, events);
            }
        }
    }

    private static void Add(Dictionary<CountKey, long> map, CountKey key, long events)
    {
        ref var count = ref CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        count += events;
    }

    /// <summary>
    /// The lock order of <see cref="RollupRows"/> over counted keys: texts and the Key1 members by their place in the
    /// ordinal order of their texts (<see cref="Ranks"/>), null and the Unknown member first.
    /// </summary>
    private sealed class RowOrder(int[] textRanks, int[]? memberRanks) : IComparer<KeyValuePair<CountKey, long>>
    {
        public int Compare(KeyValuePair<CountKey, long> x, KeyValuePair<CountKey, long> y)
        {
            var (a, b) = (x.Key, y.Key);
            var c = a.HourUtc.CompareTo(b.HourUtc);
            c = c != 0 ? c : a.DateKey.CompareTo(b.DateKey);
            c = c != 0 ? c : TextRank(a.Collection).CompareTo(TextRank(b.Collection));
            c = c != 0 ? c : a.IsBot.CompareTo(b.IsBot);
            c = c != 0 ? c : MemberRank(a.Key1).CompareTo(MemberRank(b.Key1));
            c = c != 0 ? c : TextRank(a.Text1).CompareTo(TextRank(b.Text1));
            return c != 0 ? c : TextRank(a.Text2).CompareTo(TextRank(b.Text2));
        }

        private int TextRank(int id) => id == TextIds.Null ? -1 : textRanks[id];

        private int MemberRank(int member) => memberRanks is null || member == Tally.UnknownMember ? member : memberRanks[member];
    }

    /// <summary>
    /// Counted, sorted increments whose Key1 values are batch member numbers
    /// (<see cref="Count(IReadOnlyList{PreparedEvent}, string, IReadOnlyList{string}[], PrepareScratch)"/>).
    /// </summary>
    internal sealed class Tally
    {
        /// <summary>The member number of the Unknown member (<see cref="PreparedEvent.Members"/>); its key is 0.</summary>
        public const int UnknownMember = -1;

        /// <summary>The dimension each table's Key1 holds (<see cref="RollupTable.All"/> order), or null: the table has no integer column.</summary>
        internal static readonly Dimension?[] Key1Dimensions =
            [Dimension.Product, Dimension.Store, Dimension.Referrer, null, null, Dimension.Product, Dimension.Store, null];

        private readonly string _zone;
        private readonly RollupRows[] _rows;

        // Per dimension, the batch's members (natural keys) that rows may refer to.
        private readonly int[] _memberCounts;

        // Read-only once made: every Rollups this tally resolves to shares it.
        private readonly List<KeyValuePair<DeviceDay, DateTime>> _devices;

        internal Tally(string zone, RollupRows[] rows, int[] memberCounts, List<KeyValuePair<DeviceDay, DateTime>> devices) =>
            (_zone, _rows, _memberCounts, _devices) = (zone, rows, memberCounts, devices);

        /// <summary>
        /// The rows with each member number turned into its surrogate key by <paramref name="keyOf"/> (dimension index,
        /// member number → key), asked once per member of the batch. Distinct members have distinct keys (both are one
        /// to one with the natural key), so the rows stay distinct and in their order. Should two members of a dimension
        /// ever share a key (a natural key '' is the Unknown member's), the rows of its tables are merged by key instead
        /// (<see cref="MergedByKey"/>): one row with their sum, not an upsert that fails on a key it meets twice.
        /// </summary>
        public Rollups Resolve(Func<int, int, int> keyOf)
        {
            // Per dimension: [0] the Unknown member's key, [m + 1] member m's; null when two members share a key.
            var keysByDimension = new int[]?[Dimension.Count];
            var sharedKeys = new bool[Dimension.Count];
            var rows = new RollupRows[_rows.Length];
            for (var i = 0; i < _rows.Length; i++)
            {
                if (Key1Dimensions[i] is not { } dimension)
                {
                    rows[i] = _rows[i];
                    continue;
                }

                var d = dimension.Index;
                var keyOfMember = keysByDimension[d] ??= KeysOfMembers(d, keyOf, out sharedKeys[d]);
                var members = _rows[i].Key1!;
                var keys = new int[members.Length];
                for (var r = 0; r < keys.Length; r++)
                {
                    keys[r] = keyOfMember[members[r] + 1];
                }

                rows[i] = sharedKeys[d] ? MergedByKey(_rows[i] with { Key1 = keys }) : _rows[i] with { Key1 = keys };
            }

            return new Rollups(_zone, rows, _devices);
        }

        /// <summary>Each member's key, the Unknown member's first; <paramref name="shared"/>: two of them are the same.</summary>
        private int[] KeysOfMembers(int dimension, Func<int, int, int> keyOf, out bool shared)
        {
            var keys = new int[_memberCounts[dimension] + 1];
            var seen = new HashSet<int>(keys.Length);
            shared = false;
            for (var m = UnknownMember; m < keys.Length - 1; m++)
            {
                keys[m + 1] = keyOf(dimension, m);
                shared |= !seen.Add(keys[m + 1]);
            }

            return keys;
        }

        /// <summary>
        /// <paramref name="rows"/> with the rows of one key added up, in (hour | date key, collection, bot flag, key,
        /// text 1, text 2) order: the rare path of <see cref="Resolve"/>, whose order is still the same for every writer,
        /// and a trailing transaction's sum of its batches' rows (<see cref="Rollups.Sum"/>).
        /// </summary>
        internal static RollupRows MergedByKey(RollupRows rows)
        {
            var order = new int[rows.Count];
            for (var i = 0; i < order.Length; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) => CompareByKey(rows, a, b));

            // The first row of each key kept in place in `order`, its sum beside it: no list per column.
            var sums = new long[order.Length];
            var kept = 0;
            foreach (var i in order)
            {
                if (kept > 0 && CompareByKey(rows, order[kept - 1], i) == 0)
                {
                    sums[kept - 1] += rows.Events[i];
                }
                else
                {
                    order[kept] = i;
                    sums[kept++] = rows.Events[i];
                }
            }

            T[]? Pick<T>(T[]? column)
            {
                if (column is null)
                {
                    return null;
                }

                var picked = new T[kept];
                for (var k = 0; k < kept; k++)
                {
                    picked[k] = column[order[k]];
                }

                return picked;
            }

            return new RollupRows(Pick(rows.HoursUtc), Pick(rows.DateKeys), Pick(rows.Collections)!, Pick(rows.IsBot)!, Pick(rows.Key1),
                Pick(rows.Text1), Pick(rows.Text2), sums.AsSpan(0, kept).ToArray());
        }

        private static int CompareByKey(RollupRows rows, int a, int b)
        {
            var c = rows.HoursUtc is { } hours ? hours[a].CompareTo(hours[b]) : 0;
            c = c != 0 ? c : rows.DateKeys is { } days ? days[a].CompareTo(days[b]) : 0;
            c = c != 0 ? c : string.CompareOrdinal(rows.Collections[a], rows.Collections[b]);
            c = c != 0 ? c : rows.IsBot[a].CompareTo(rows.IsBot[b]);
            c = c != 0 ? c : rows.Key1 is { } keys ? keys[a].CompareTo(keys[b]) : 0;
            c = c != 0 ? c : rows.Text1 is { } t1 ? string.CompareOrdinal(t1[a], t1[b]) : 0;
            return c != 0 ? c : rows.Text2 is { } t2 ? string.CompareOrdinal(t2[a], t2[b]) : 0;
        }
    }

    /// <summary>A rollup row key with its texts as <see cref="TextIds"/> and Key1 as a member number.</summary>
    internal readonly record struct CountKey(DateTime HourUtc, int DateKey, int Collection, bool IsBot, int Key1, int Text1, int Text2);

    /// <summary>A batch's distinct texts, numbered in order of first use (ordinal equality).</summary>
    /// <param name="ids">An empty ordinal table (<see cref="PrepareScratch.TextIds"/>), filled as texts are numbered.</param>
    internal sealed class TextIds(Dictionary<string, int> ids)
    {
        public const int Null = -1;
        private readonly Dictionary<string, int> _ids = ids;
        private readonly List<string> _texts = [];

        /// <summary>The texts by id.</summary>
        public List<string> Texts => _texts;

        public int Id(string? text)
        {
            if (text is null)
            {
                return Null;
            }

            ref var id = ref CollectionsMarshal.GetValueRefOrAddDefault(_ids, text, out var exists);
            if (!exists)
            {
                id = _texts.Count;
                _texts.Add(text);
            }

            return id;
        }
    }
}
