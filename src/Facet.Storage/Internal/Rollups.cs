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

    public static Rollups From(IReadOnlyList<PreparedEvent> inserted, string zone)
    {
        // Issue 22: the eight increments per event are counted under all-integer keys (each text interned once per
        // batch), because hashing RollupKey's strings eight times per event was 9 % of `facet load`'s CPU. The texts
        // are put back after counting, so the rows are the ones the string-keyed count gave.
        var texts = new TextIds();
        var maps = new Dictionary<CountKey, long>[RollupTable.All.Length];
        for (var i = 0; i < maps.Length; i++)
        {
            maps[i] = [];
        }

        var devices = new Dictionary<DeviceDay, DateTime>();
        foreach (var e in inserted)
        {
            var hour = e.HourUtc;
            var day = e.DateKey;
            var collection = texts.Id(e.Source.Event.Collection);
            var bot = e.Source.IsBot;
            var product = e.Keys[Dimension.Product.Index];
            var store = e.Keys[Dimension.Store.Index];
            // The IP country of the event's dim_location member ('' for the Unknown member), as the migration back-fills it.
            var country = texts.Id(e.Keys[Dimension.Location.Index] == 0 ? "" : e.Source.Location.CountryCode ?? "");
            Add(maps[0], new CountKey(hour, 0, collection, bot, product, TextIds.Null, TextIds.Null));
            Add(maps[1], new CountKey(hour, 0, collection, bot, store, country, TextIds.Null));
            Add(maps[2], new CountKey(hour, 0, collection, bot, e.Keys[Dimension.Referrer.Index], TextIds.Null, TextIds.Null));
            Add(maps[3], new CountKey(hour, 0, collection, bot, 0, texts.Id(e.Source.UserAgent.Browser), texts.Id(e.Source.UserAgent.Os)));
            Add(maps[4], new CountKey(hour, 0, collection, bot, 0, TextIds.Null, TextIds.Null));
            Add(maps[5], new CountKey(default, day, collection, bot, product, TextIds.Null, TextIds.Null));
            Add(maps[6], new CountKey(default, day, collection, bot, store, country, TextIds.Null));
            Add(maps[7], new CountKey(default, day, collection, bot, 0, TextIds.Null, TextIds.Null));
            if (e.Source.Event.DeviceId is { } device)
            {
                ref var first = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(devices, new DeviceDay(day, bot, device), out var seen);
                if (!seen || e.EventTsUtc < first)
                {
                    first = e.EventTsUtc;
                }
            }
        }

        var rows = new List<KeyValuePair<RollupKey, long>>[maps.Length];
        for (var i = 0; i < maps.Length; i++)
        {
            rows[i] = new List<KeyValuePair<RollupKey, long>>(maps[i].Count);
            foreach (var (key, events) in maps[i])
            {
                rows[i].Add(new(new RollupKey(key.HourUtc, key.DateKey, texts[key.Collection]!, key.IsBot, key.Key1, 0, texts[key.Text1], texts[key.Text2]), events));
            }

            rows[i].Sort(static (a, b) => a.Key.CompareTo(b.Key));
        }

        List<KeyValuePair<DeviceDay, DateTime>> sortedDevices = [.. devices];
        sortedDevices.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return new Rollups(zone, rows, sortedDevices);
    }

    private static void Add(Dictionary<CountKey, long> map, CountKey key)
    {
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        count++;
    }

    /// <summary><see cref="RollupKey"/> with its texts as <see cref="TextIds"/> (equal keys ⇔ equal rollup keys).</summary>
    private readonly record struct CountKey(DateTime HourUtc, int DateKey, int Collection, bool IsBot, int Key1, int Text1, int Text2);

    /// <summary>A batch's distinct texts, numbered in order of first use (ordinal equality, as RollupKey's).</summary>
    private sealed class TextIds
    {
        public const int Null = -1;
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<string> _texts = [];

        public string? this[int id] => id == Null ? null : _texts[id];

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
