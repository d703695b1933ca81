using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Storage;

namespace Facet.Testing;

/// <summary>
/// Deterministic enriched shop events for report tests: skewed products, countries (some unknown), stores (some
/// unknown), referrers (direct, internal, search, social, email), browsers and bots, several collections, spread
/// uniformly over a UTC time range. Same seed, same events.
/// </summary>
public sealed class ReportScenario
{
    public static readonly string[] Collections = ["view_product_detail", "view_product_detail", "view_product_detail", "add_to_cart_action", "select_product_option", "product_detail_recommendation_visible"];

    private static readonly (string? Code, int Weight)[] Countries =
        [("DE", 20), ("FR", 12), ("US", 12), ("GB", 8), ("IT", 8), ("ES", 6), ("PL", 5), ("NL", 4), ("CL", 4), ("IN", 3), ("AU", 2), (null, 6)];

    private static readonly (string? StoreId, string? Domain, string? Country, int Weight)[] Stores =
        [("1", "glamira.de", "DE", 20), ("2", "glamira.fr", "FR", 10), ("3", "glamira.com", null, 14), ("4", "glamira.co.uk", "GB", 8),
         ("5", "glamira.it", "IT", 8), ("6", "glamira.es", "ES", 5), ("7", "glamira.cl", "CL", 4), ("8", "glamira.pl", "PL", 4),
         ("9", null, null, 2), (null, null, null, 3)];

    private static readonly (string Host, ReferrerMedium Medium, int Weight)[] Referrers =
        [(ReferrerInfo.DirectHost, ReferrerMedium.Direct, 25), ("google.com", ReferrerMedium.Search, 20), ("facebook.com", ReferrerMedium.Social, 9),
         ("glamira.de", ReferrerMedium.Internal, 12), ("bing.com", ReferrerMedium.Search, 6), ("mail.google.com", ReferrerMedium.Email, 4),
         ("pinterest.com", ReferrerMedium.Social, 5), ("duckduckgo.com", ReferrerMedium.Search, 3), ("glamira.fr", ReferrerMedium.Internal, 4), ("", ReferrerMedium.Direct, 1)];

    private static readonly (string Browser, string Os, DeviceType Device, bool Bot, int Weight)[] Agents =
        [("Chrome", "Windows", DeviceType.Desktop, false, 30), ("Mobile Safari", "iOS", DeviceType.Mobile, false, 20), ("Chrome Mobile", "Android", DeviceType.Mobile, false, 18),
         ("Firefox", "Linux", DeviceType.Desktop, false, 6), ("Edge", "Windows", DeviceType.Desktop, false, 8), ("Safari", "Mac OS X", DeviceType.Desktop, false, 6),
         ("Googlebot", "Other", DeviceType.Bot, true, 8), ("AhrefsBot", "Other", DeviceType.Bot, true, 4)];

    private readonly Random _random;
    private long _offset;

    public ReportScenario(int seed = 42) => _random = new Random(seed);

    /// <summary>Every event generated so far, in generation order.</summary>
    public List<EnrichedEvent> Events { get; } = [];

    /// <summary>Adds <paramref name="count"/> events at uniformly random seconds in [from, to) and returns them.</summary>
    public List<EnrichedEvent> Generate(int count, DateTimeOffset from, DateTimeOffset to, int products = 25)
    {
        var span = (long)(to - from).TotalSeconds;
        var added = new List<EnrichedEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var time = from.AddSeconds(_random.NextInt64(span));
            // Skewed popularity: low product numbers are viewed more often.
            var product = (int)Math.Floor(Math.Pow(_random.NextDouble(), 2) * products);
            added.Add(Create(time, Collections[_random.Next(Collections.Length)], 1000 + product));
        }

        Events.AddRange(added);
        return added;
    }

    /// <summary>One event with chosen fields; the rest random.</summary>
    public EnrichedEvent Create(DateTimeOffset time, string collection = "view_product_detail", int? product = 1000, string? country = "random", string? browser = null, bool? bot = null)
    {
        var countryCode = country == "random" ? Pick(Countries, c => c.Weight).Code : country;
        var store = Pick(Stores, s => s.Weight);
        var referrer = Pick(Referrers, r => r.Weight);
        var agent = Pick(Agents, a => a.Weight);
        if (browser is not null || bot is not null)
        {
            agent = (browser ?? agent.Browser, agent.Os, agent.Device, bot ?? agent.Bot, agent.Weight);
        }

        var productId = product?.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var url = store.Domain is null || productId is null ? null : $"https://www.{store.Domain}/glamira-ring-{productId}.html";
        var shop = new ShopEvent
        {
            EventId = NextGuid().ToString(),
            EventTime = time,
            Collection = collection,
            Ip = "203.0.113.5",
            UserAgent = agent.Browser + "/1.0",
            DeviceId = _random.Next(10) == 0 ? null : "device-" + _random.Next(400).ToString(System.Globalization.CultureInfo.InvariantCulture),
            StoreId = store.StoreId,
            CurrentUrl = url,
            ReferrerUrl = referrer.Host.Length == 0 || referrer.Host == ReferrerInfo.DirectHost ? null : $"https://{referrer.Host}/",
            ProductId = productId,
            Position = SourcePosition.Kafka("report-test", 0, Interlocked.Increment(ref _offset)),
        };
        var location = countryCode is null ? GeoLocation.Unknown("not in the database") : new GeoLocation(countryCode, countryCode + " name", null, null);
        var storeInfo = store.Domain is null ? StoreInfo.Unknown : new StoreInfo(store.Domain, store.Country, null);
        var ua = new UserAgentInfo(agent.Browser, "1", agent.Os, null, "Other", null, null, agent.Device, agent.Bot);
        var urlInfo = productId is null ? UrlInfo.Empty : UrlInfo.Empty with { Host = store.Domain, ProductName = "Glamira Ring " + productId, CleanUrl = url };
        return new EnrichedEvent(shop, location, storeInfo, ua, urlInfo, new ReferrerInfo(referrer.Host, referrer.Medium));
    }

    /// <summary>Writes events in batches of <paramref name="batchSize"/>.</summary>
    public static async Task WriteAsync(IWarehouse warehouse, IReadOnlyList<EnrichedEvent> events, int batchSize = 2000, BatchInfo? info = null)
    {
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(events);
        for (var i = 0; i < events.Count; i += batchSize)
        {
            var chunk = events.Skip(i).Take(batchSize).ToList();
            await warehouse.WriteBatchAsync(WarehouseBatch.Clickstream(chunk, [], []) with { Info = info }, CancellationToken.None);
        }
    }

    private Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private T Pick<T>(T[] items, Func<T, int> weight)
    {
        var total = 0;
        foreach (var item in items)
        {
            total += weight(item);
        }

        var roll = _random.Next(total);
        foreach (var item in items)
        {
            roll -= weight(item);
            if (roll < 0)
            {
                return item;
            }
        }

        return items[^1];
    }
}
