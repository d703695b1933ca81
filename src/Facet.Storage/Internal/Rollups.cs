namespace Facet.Storage.Internal;

/// <summary>One rollup row key: the UTC hour, collection, bot flag and up to two integer and two text dimension values.</summary>
internal readonly record struct RollupKey(DateTime HourUtc, string Collection, bool IsBot, int Key1, int Key2, string? Text1, string? Text2) : IComparable<RollupKey>
{
    public int CompareTo(RollupKey other)
    {
        var c = HourUtc.CompareTo(other.HourUtc);
        c = c != 0 ? c : string.CompareOrdinal(Collection, other.Collection);
        c = c != 0 ? c : IsBot.CompareTo(other.IsBot);
        c = c != 0 ? c : Key1.CompareTo(other.Key1);
        c = c != 0 ? c : Key2.CompareTo(other.Key2);
        c = c != 0 ? c : string.CompareOrdinal(Text1, other.Text1);
        return c != 0 ? c : string.CompareOrdinal(Text2, other.Text2);
    }
}

/// <summary>A rollup table: its name and the dimension columns after (hour_utc, collection, is_bot).</summary>
internal sealed record RollupTable(string Name, string[] IntColumns, string[] TextColumns)
{
    public static readonly RollupTable Product = new("rollup_product_hourly", ["product_key"], []);
    public static readonly RollupTable LocationStore = new("rollup_location_store_hourly", ["location_key", "store_key"], []);
    public static readonly RollupTable Referrer = new("rollup_referrer_hourly", ["referrer_key"], []);
    public static readonly RollupTable BrowserOs = new("rollup_browser_os_hourly", [], ["browser", "os"]);
    public static readonly RollupTable Collection = new("rollup_collection_hourly", [], []);

    public static readonly RollupTable[] All = [Product, LocationStore, Referrer, BrowserOs, Collection];

    public IEnumerable<string> KeyColumns => ["hour_utc", "collection", "is_bot", .. IntColumns, .. TextColumns];
}

/// <summary>The increments of every rollup for a set of newly inserted facts, each sorted (deterministic lock order).</summary>
internal sealed class Rollups
{
    private Rollups(List<KeyValuePair<RollupKey, long>>[] rows) => Rows = rows;

    /// <summary>Per <see cref="RollupTable.All"/> index, the sorted (key, events) increments.</summary>
    public List<KeyValuePair<RollupKey, long>>[] Rows { get; }

    public static Rollups From(IReadOnlyList<PreparedEvent> inserted)
    {
        var maps = new Dictionary<RollupKey, long>[RollupTable.All.Length];
        for (var i = 0; i < maps.Length; i++)
        {
            maps[i] = [];
        }

        foreach (var e in inserted)
        {
            var hour = e.HourUtc;
            var collection = e.Source.Event.Collection;
            var bot = e.Source.IsBot;
            Add(maps[0], new RollupKey(hour, collection, bot, e.Keys[Dimension.Product.Index], 0, null, null));
            Add(maps[1], new RollupKey(hour, collection, bot, e.Keys[Dimension.Location.Index], e.Keys[Dimension.Store.Index], null, null));
            Add(maps[2], new RollupKey(hour, collection, bot, e.Keys[Dimension.Referrer.Index], 0, null, null));
            Add(maps[3], new RollupKey(hour, collection, bot, 0, 0, e.Source.UserAgent.Browser, e.Source.UserAgent.Os));
            Add(maps[4], new RollupKey(hour, collection, bot, 0, 0, null, null));
        }

        var rows = new List<KeyValuePair<RollupKey, long>>[maps.Length];
        for (var i = 0; i < maps.Length; i++)
        {
            rows[i] = [.. maps[i]];
            rows[i].Sort(static (a, b) => a.Key.CompareTo(b.Key));
        }

        return new Rollups(rows);
    }

    private static void Add(Dictionary<RollupKey, long> map, RollupKey key)
    {
        ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(map, key, out _);
        count++;
    }
}
