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
        var maps = new Dictionary<RollupKey, long>[RollupTable.All.Length];
        for (var i = 0; i < maps.Length; i++)
        {
            maps[i] = [];
        }

        var devices = new Dictionary<DeviceDay, DateTime>();
        foreach (var e in inserted)
        {
            var hour = e.HourUtc;
            var day = e.DateKey;
            var collection = e.Source.Event.Collection;
            var bot = e.Source.IsBot;
            var product = e.Keys[Dimension.Product.Index];
            var store = e.Keys[Dimension.Store.Index];
            // The IP country of the event's dim_location member ('' for the Unknown member), as the migration back-fills it.
            var country = e.Keys[Dimension.Location.Index] == 0 ? "" : e.Source.Location.CountryCode ?? "";
            Add(maps[0], new RollupKey(hour, 0, collection, bot, product, 0, null, null));
            Add(maps[1], new RollupKey(hour, 0, collection, bot, store, 0, country, null));
            Add(maps[2], new RollupKey(hour, 0, collection, bot, e.Keys[Dimension.Referrer.Index], 0, null, null));
            Add(maps[3], new RollupKey(hour, 0, collection, bot, 0, 0, e.Source.UserAgent.Browser, e.Source.UserAgent.Os));
            Add(maps[4], new RollupKey(hour, 0, collection, bot, 0, 0, null, null));
            Add(maps[5], new RollupKey(default, day, collection, bot, product, 0, null, null));
            Add(maps[6], new RollupKey(default, day, collection, bot, store, 0, country, null));
            Add(maps[7], new RollupKey(default, day, collection, bot, 0, 0, null, null));
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
            rows[i] = [.. maps[i]];
            rows[i].Sort(static (a, b) => a.Key.CompareTo(b.Key));
        }

        List<KeyValuePair<DeviceDay, DateTime>> sortedDevices = [.. devices];
        sortedDevices.Sort(static (a, b) => a.Key.CompareTo(b.Key));
        return new Rollups(zone, rows, sortedDevices);
    }

    private static void Add(Dictionary<RollupKey, long> map, RollupKey key)
    {
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        count++;
    }
}
