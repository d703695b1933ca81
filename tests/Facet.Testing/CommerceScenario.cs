using System.Globalization;
using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Testing;

/// <summary>
/// Deterministic shoppers' visits for the revenue, conversion and funnel tests: each device lands (search, social,
/// email, paid click, other site, direct; some with a UTM campaign), browses, and walks the shop funnel (product view →
/// option → add to cart → cart → checkout → checkout success) with random drop-offs, skipped or repeated steps, steps
/// out of order and long pauses (beyond a funnel window), interleaved with other pages; orders carry 1–3 cart lines in
/// the store's currency ("$" and "kr" from stores of several countries, a line without currency, a line without price,
/// amounts of 1–2 and fractional prices). A few devices have no device id and a few are bots. Same seed, same events.
/// </summary>
public sealed class CommerceScenario
{
    public static readonly string[] FunnelCollections =
        ["view_product_detail", "select_product_option", "add_to_cart_action", "view_shopping_cart", "checkout", "checkout_success"];

    private static readonly (string StoreId, string Domain, string? Country, string Currency, int Weight)[] Stores =
        [("1", "glamira.de", "DE", "€", 20), ("3", "glamira.co.uk", "GB", "£", 10), ("31", "glamira.com", null, "$", 8), ("35", "glamira.cl", "CL", "$", 5),
         ("10", "glamira.se", "SE", "kr", 5), ("11", "glamira.dk", "DK", "kr", 4), ("2", "glamira.fr", "FR", "€", 8)];

    private static readonly (string? Host, ReferrerMedium Medium, string? Campaign, string? ClickId, string? UtmMedium, int Weight)[] Landings =
        [(null, ReferrerMedium.Direct, null, null, null, 20), ("google.com", ReferrerMedium.Search, null, null, null, 25), ("google.com", ReferrerMedium.Search, "xmas", "gclid", "cpc", 8),
         ("facebook.com", ReferrerMedium.Social, "spring", null, "paid_social", 5), ("facebook.com", ReferrerMedium.Social, null, null, null, 8), ("mail.google.com", ReferrerMedium.Email, "newsletter", null, "email", 6),
         ("blog.example.org", ReferrerMedium.Other, null, null, null, 6), ("glamira.de", ReferrerMedium.Internal, null, null, null, 4)];

    private static readonly (string Browser, DeviceType Device, bool Bot, int Weight)[] Agents =
        [("Chrome", DeviceType.Desktop, false, 30), ("Mobile Safari", DeviceType.Mobile, false, 25), ("Chrome Mobile", DeviceType.Mobile, false, 20),
         ("Safari", DeviceType.Tablet, false, 6), ("Googlebot", DeviceType.Bot, true, 3)];

    private static readonly (string Country, int Weight)[] Countries = [("DE", 30), ("GB", 15), ("US", 15), ("CL", 8), ("SE", 8), ("DK", 6), ("FR", 10)];

    private static readonly string[] Fillers = ["view_home_page", "view_listing_page", "product_detail_recommendation_visible", "search_box_action"];

    private readonly Random _random;
    private long _offset;
    private int _devices;

    public CommerceScenario(int seed = 21) => _random = new Random(seed);

    public List<EnrichedEvent> Events { get; } = [];

    /// <summary>Adds <paramref name="visits"/> visits starting uniformly in [from, to).</summary>
    public void Generate(int visits, DateTimeOffset from, DateTimeOffset to)
    {
        var span = (long)(to - from).TotalSeconds;
        for (var v = 0; v < visits; v++)
        {
            Visit(from.AddSeconds(_random.NextInt64(span)));
        }
    }

    private void Visit(DateTimeOffset start)
    {
        // One visit in five is a returning device (a second entry into the funnel, another landing).
        var device = _random.Next(25) == 0 ? null
            : _devices > 0 && _random.Next(5) == 0 ? "dev-" + _random.Next(_devices).ToString("D5", CultureInfo.InvariantCulture)
            : "dev-" + (_devices++).ToString("D5", CultureInfo.InvariantCulture);
        var store = Pick(Stores, s => s.Weight);
        var agent = Pick(Agents, a => a.Weight);
        var country = _random.Next(12) == 0 ? null : Pick(Countries, c => c.Weight).Country;
        var landing = Pick(Landings, l => l.Weight);
        var time = start;
        var first = true;
        var product = 100 + (int)Math.Floor(Math.Pow(_random.NextDouble(), 2) * 30);

        EnrichedEvent Make(string collection, IReadOnlyList<CartProduct>? cart = null)
        {
            var e = Create(time, collection, device, store, agent, country, first ? landing : ("glamira.de", ReferrerMedium.Internal, null, null, null, 0), collection is "view_product_detail" or "select_product_option" or "add_to_cart_action" ? product : null, cart);
            first = false;
            return e;
        }

        void Step(string collection, IReadOnlyList<CartProduct>? cart = null)
        {
            Events.Add(Make(collection, cart));
            // Mostly seconds to minutes apart; sometimes a long pause that outlasts a funnel window.
            time = time.AddSeconds(_random.Next(20) == 0 ? _random.Next(3_600, 10_800) : _random.Next(0, 240));
        }

        Step(Fillers[_random.Next(Fillers.Length)]);
        if (agent.Bot)
        {
            for (var i = 0; i < 5; i++)
            {
                Step(_random.Next(2) == 0 ? "view_product_detail" : "view_listing_page");
            }

            return;
        }

        var cart = Cart(store);
        var depth = _random.Next(10) < 6 ? 1 + _random.Next(6) : 0;
        for (var s = 0; s < depth; s++)
        {
            if (_random.Next(6) == 0)
            {
                Step(Fillers[_random.Next(Fillers.Length)]);
            }

            if (_random.Next(15) == 0)
            {
                continue; // a skipped step: strict and any-order funnels differ here
            }

            if (_random.Next(12) == 0 && s + 1 < depth)
            {
                // Two steps out of order.
                Step(FunnelCollections[s + 1], s + 1 >= 3 ? cart : null);
                Step(FunnelCollections[s], s >= 3 ? cart : null);
                s++;
                continue;
            }

            Step(FunnelCollections[s], s >= 3 ? cart : null);
            if (_random.Next(8) == 0)
            {
                Step(FunnelCollections[s], s >= 3 ? cart : null); // a repeated step
            }
        }

        if (_random.Next(3) == 0)
        {
            product = 100 + _random.Next(30);
            Step("view_product_detail");
        }
    }

    private List<CartProduct> Cart((string StoreId, string Domain, string? Country, string Currency, int Weight) store)
    {
        var lines = new List<CartProduct>();
        var count = 1 + _random.Next(3);
        for (var i = 0; i < count; i++)
        {
            var product = (100 + _random.Next(30)).ToString(CultureInfo.InvariantCulture);
            var cents = _random.Next(4) == 0 ? 0.5m : 0m;
            decimal? price = _random.Next(40) == 0 ? null : 100 + _random.Next(900) + cents;
            var currency = _random.Next(30) == 0 ? null : store.Currency;
            lines.Add(new CartProduct(product, _random.Next(10) == 0 ? 2 : 1, price, price?.ToString(CultureInfo.InvariantCulture), currency, []));
        }

        return lines;
    }

    private EnrichedEvent Create(
        DateTimeOffset time, string collection, string? device, (string StoreId, string Domain, string? Country, string Currency, int Weight) store,
        (string Browser, DeviceType Device, bool Bot, int Weight) agent, string? country,
        (string? Host, ReferrerMedium Medium, string? Campaign, string? ClickId, string? UtmMedium, int Weight) referrer, int? product, IReadOnlyList<CartProduct>? cart)
    {
        var productId = product?.ToString(CultureInfo.InvariantCulture);
        var url = $"https://www.{store.Domain}/" + (productId is null ? "" : $"glamira-ring-{productId}.html") + (referrer.Campaign is null ? "" : $"?utm_campaign={referrer.Campaign}");
        var shop = new ShopEvent
        {
            EventId = NextGuid().ToString(),
            EventTime = time,
            Collection = collection,
            UserAgent = agent.Browser + "/1.0",
            DeviceId = device,
            StoreId = store.StoreId,
            CurrentUrl = url,
            ReferrerUrl = referrer.Host is null ? null : $"https://{referrer.Host}/",
            ProductId = productId,
            Currency = collection == "checkout_success" ? store.Currency : null,
            OrderId = collection == "checkout_success" ? _random.Next(1_000_000).ToString(CultureInfo.InvariantCulture) : null,
            CartProducts = cart ?? [],
            Position = SourcePosition.Kafka("commerce-test", 0, Interlocked.Increment(ref _offset)),
        };
        var location = country is null ? GeoLocation.Unknown("not in the database") : new GeoLocation(country, country + " name", null, null);
        var ua = new UserAgentInfo(agent.Browser, "1", "Other", null, "Other", null, null, agent.Device, agent.Bot);
        var urlInfo = UrlInfo.Empty with
        {
            Host = store.Domain,
            ProductName = productId is null ? null : "Glamira Ring " + productId,
            CleanUrl = url,
            UtmCampaign = referrer.Campaign,
            UtmMedium = referrer.UtmMedium,
            ClickIdType = referrer.ClickId,
            ClickId = referrer.ClickId is null ? null : "abc" + _offset.ToString(CultureInfo.InvariantCulture),
        };
        var referrerInfo = referrer.Host is null ? ReferrerInfo.Direct : new ReferrerInfo(referrer.Host, referrer.Medium);
        return new EnrichedEvent(shop, location, new StoreInfo(store.Domain, store.Country, null), ua, urlInfo, referrerInfo);
    }

    private Guid NextGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private T Pick<T>(T[] items, Func<T, int> weight)
    {
        var roll = _random.Next(items.Sum(weight));
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
