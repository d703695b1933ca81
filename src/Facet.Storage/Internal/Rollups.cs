namespace Facet.Storage.Internal;

/// <summary>
/// One rollup row key: the UTC hour (hourly tables) or the reporting-zone date key (daily tables), collection, bot
/// flag and up to two integer and two text dimension values.
/// </summary>
internal readonly record struct RollupKey(DateTime HourUtc, int DateKey, string Collection, bool IsBot, int Key1, int Key2, string? Text1, string? Text2)
    : IComparable<RollupKey>
{
    public int CompareTo(RollupKey other)
    {
        var c = HourUtc.CompareTo(other.HourUtc);
        c = c != 0 ? c : DateKey.CompareTo(other.DateKey);
        c = c != 0 ? c : string.CompareOrdinal(Collection, other.Collection);
        c = c != 0 ? c : IsBot.CompareTo(other.IsBot);
        c = c != 0 ? c : Key1.CompareTo(other.Key1);
        c = c != 0 ? c : Key2.CompareTo(other.Key2);
        c = c != 0 ? c : string.CompareOrdinal(Text1, other.Text1);
        return c != 0 ? c : string.CompareOrdinal(Text2, other.Text2);
    }
}

/// <summary>
/// A rollup table: its name, grain and the dimension columns after (hour_utc | zone, date_key), collection, is_bot.
/// Only what a report reads is rolled up (issue 9): products and country×store per UTC hour (any whole-hour zone)
/// and per reporting-zone day; referrers, browser×OS and collections per UTC hour; collections per day (the
/// completeness check of a zone's daily rollups).
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
    private Rollups(string zone, List<KeyValuePair<RollupKey, long>>[] rows, List<KeyValuePair<DeviceDay, DateTime>> devices)
    {
        Zone = zone;
        Rows = rows;
        Devices = devices;
    }

    /// <summary>The reporting time zone (IANA id) of the daily tables' date keys.</summary>
    public string Zone { get; }

    /// <summary>Per <see cref="RollupTable.All"/> index, the sorted (key, events) increments.</summary>
    public List<KeyValuePair<RollupKey, long>>[] Rows { get; }

    /// <summary>Distinct (day, bot flag, device id) of the inserted facts with their earliest event time (UTC), sorted.</summary>
    public List<KeyValuePair<DeviceDay, DateTime>> Devices { get; }

    /// <summary>These increments with <see cref="Devices"/> replaced (<see cref="DeviceDayCache.Unrecorded"/>: still sorted).</summary>
    public Rollups WithDevices(List<KeyValuePair<DeviceDay, DateTime>> devices) =>
        ReferenceEquals(devices, Devices) ? this : new Rollups(Zone, Rows, devices);

    /// <summary>The increments of <paramref name="inserted"/>, whose dimension keys are assigned.</summary>
    public static Rollups From(IReadOnlyList<PreparedEvent> inserted, string zone)
    {
        var scratch = PrepareScratch.Rent();
        try
        {
            return Count(inserted, zone, byMember: false, scratch).Resolve(null);
        }
        finally
        {
            scratch.Return();
        }
    }

    /// <summary>
    /// The increments of a prepared batch counted before its dimension keys exist, by each event's batch member numbers
    /// (<see cref="PreparedEvent.Members"/>); <see cref="Tally.Resolve"/> turns them into the rows <see cref="From"/>
    /// gives once the keys are assigned. Counted while the batch is prepared, off the write (issue 22: in <c>facet load</c>
    /// the previous batch's write is what the next one waits for, and counting was 5–10 % of the process).
    /// </summary>
    /// <param name="scratch">The preparation's tables (emptied by the caller afterwards): nothing returned refers to them.</param>
    public static Tally Count(IReadOnlyList<PreparedEvent> events, string zone, PrepareScratch scratch) => Count(events, zone, byMember: true, scratch);

    private static Tally Count(IReadOnlyList<PreparedEvent> events, string zone, bool byMember, PrepareScratch scratch)
    {
        // Issue 22: the eight increments per event are counted under all-integer keys (each text interned once per
        // batch), because hashing RollupKey's strings eight times per event was 9 % of `facet load`'s CPU. The texts
        // are put back after counting, so the rows are the ones the string-keyed count gave.
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
            var ids = byMember ? e.Members : e.Keys;
            var product = ids[Dimension.Product.Index];
            var store = ids[Dimension.Store.Index];
            // The IP country of the event's dim_location member ('' for the Unknown member, key 0, member number -1),
            // as the migration back-fills it.
            var unknownLocation = ids[Dimension.Location.Index] == (byMember ? Tally.UnknownMember : 0);
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
                ref var first = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(devices, new DeviceDay(day, bot, device), out var seen);
                if (!seen || e.EventTsUtc < first)
                {
                    first = e.EventTsUtc;
                }
            }
        }

        SumByDay(maps[0], maps[5], dayOfHour);
        SumByDay(maps[1], maps[6], dayOfHour);
        SumByDay(maps[4], maps[7], dayOfHour);

        // Copied out of the scratch tables: exact-length arrays, and the device-days sorted once for every attempt.
        var counts = new KeyValuePair<CountKey, long>[maps.Length][];
        for (var i = 0; i < maps.Length; i++)
        {
            counts[i] = [.. maps[i]];
        }

        List<KeyValuePair<DeviceDay, DateTime>> sortedDevices = [.. devices];
        sortedDevices.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return new Tally(zone, texts.Texts, counts, sortedDevices);
    }

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

            ref var day = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(days, e.HourUtc, out var seen);
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
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        count += events;
    }

    /// <summary>
    /// Counted increments whose integer dimension values are either surrogate keys (<see cref="From"/>) or batch member
    /// numbers (<see cref="Count(IReadOnlyList{PreparedEvent}, string, PrepareScratch)"/>), not yet sorted into rows.
    /// </summary>
    internal sealed class Tally
    {
        /// <summary>The member number of the Unknown member (<see cref="PreparedEvent.Members"/>); its key is 0.</summary>
        public const int UnknownMember = -1;

        // The dimension each table's Key1 holds (RollupTable.All order), or null: Key1 is 0 in every row.
        private static readonly Dimension?[] Key1Dimensions =
            [Dimension.Product, Dimension.Store, Dimension.Referrer, null, null, Dimension.Product, Dimension.Store, null];

        private readonly string _zone;
        private readonly List<string> _texts;
        private readonly KeyValuePair<CountKey, long>[][] _counts;

        // Read-only once made: every Rollups this tally resolves to shares it.
        private readonly List<KeyValuePair<DeviceDay, DateTime>> _devices;

        internal Tally(string zone, List<string> texts, KeyValuePair<CountKey, long>[][] counts, List<KeyValuePair<DeviceDay, DateTime>> devices) =>
            (_zone, _texts, _counts, _devices) = (zone, texts, counts, devices);

        private string? Text(int id) => id == TextIds.Null ? null : _texts[id];

        /// <summary>
        /// The sorted rows, with each member number turned into its surrogate key by <paramref name="keyOf"/> (dimension
        /// index, member number → key); null when the counts are by key already. Distinct members have distinct keys, so
        /// the counts carry over one to one.
        /// </summary>
        public Rollups Resolve(Func<int, int, int>? keyOf)
        {
            var rows = new List<KeyValuePair<RollupKey, long>>[_counts.Length];
            for (var i = 0; i < _counts.Length; i++)
            {
                var dimension = keyOf is null ? null : Key1Dimensions[i];
                rows[i] = new List<KeyValuePair<RollupKey, long>>(_counts[i].Length);
                foreach (var (key, events) in _counts[i])
                {
                    var key1 = dimension is null ? key.Key1 : keyOf!(dimension.Index, key.Key1);
                    rows[i].Add(new(new RollupKey(key.HourUtc, key.DateKey, Text(key.Collection)!, key.IsBot, key1, 0, Text(key.Text1), Text(key.Text2)), events));
                }

                rows[i].Sort(static (a, b) => a.Key.CompareTo(b.Key));
                if (keyOf is not null)
                {
                    MergeEqualKeys(rows[i]);
                }
            }

            return new Rollups(_zone, rows, _devices);
        }

        /// <summary>
        /// Adds up adjacent rows of one key. None are expected (distinct members have distinct keys); should two members
        /// ever share a key, the table gets one row with their sum instead of a statement that fails on it.
        /// </summary>
        private static void MergeEqualKeys(List<KeyValuePair<RollupKey, long>> sorted)
        {
            var kept = 0;
            for (var i = 0; i < sorted.Count; i++)
            {
                if (kept > 0 && sorted[kept - 1].Key.CompareTo(sorted[i].Key) == 0)
                {
                    sorted[kept - 1] = new(sorted[i].Key, sorted[kept - 1].Value + sorted[i].Value);
                }
                else
                {
                    sorted[kept++] = sorted[i];
                }
            }

            sorted.RemoveRange(kept, sorted.Count - kept);
        }
    }

    /// <summary><see cref="RollupKey"/> with its texts as <see cref="TextIds"/> (equal keys ⇔ equal rollup keys).</summary>
    internal readonly record struct CountKey(DateTime HourUtc, int DateKey, int Collection, bool IsBot, int Key1, int Text1, int Text2);

    /// <summary>A batch's distinct texts, numbered in order of first use (ordinal equality, as RollupKey's).</summary>
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

            ref var id = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_ids, text, out var exists);
            if (!exists)
            {
                id = _texts.Count;
                _texts.Add(text);
            }

            return id;
        }
    }
}
