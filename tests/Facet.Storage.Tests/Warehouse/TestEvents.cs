using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>Hand-built enriched events and rejections for the warehouse tests.</summary>
internal static class TestEvents
{
    public static readonly DateTimeOffset Noon = new(2024, 6, 15, 12, 30, 0, TimeSpan.Zero);

    public static EnrichedEvent Event(
        string id,
        DateTimeOffset? time = null,
        string collection = "view_product_detail",
        string? productId = "1001",
        string? country = "DE",
        string? city = "Berlin",
        string? storeDomain = "glamira.de",
        string browser = "Chrome",
        string os = "Windows",
        bool bot = false,
        string referrerHost = "google.com",
        string? deviceId = "dev-1",
        string? email = null,
        string? ip = "203.0.113.77",
        long offset = 0,
        string? storeId = "12",
        string? userId = null)
    {
        var shop = new ShopEvent
        {
            EventId = id,
            SourceDocId = "5ed8cb2bc671fc36b74653ad",
            EventTime = time ?? Noon,
            Collection = collection,
            Ip = ip,
            UserAgent = "Mozilla/5.0",
            Resolution = "1920x1080",
            DeviceId = deviceId,
            ApiVersion = "1.0",
            StoreId = storeDomain is null ? null : storeId,
            UserIdDb = userId,
            CurrentUrl = storeDomain is null ? null : $"https://www.{storeDomain}/ring-{productId}.html?utm_source=news",
            ReferrerUrl = $"https://{referrerHost}/",
            EmailAddress = email,
            ProductId = productId,
            Options = [new EventOption("Alloy", "1", "Gold", "7")],
            Price = 199.5m,
            PriceRaw = "199,50",
            Currency = "EUR",
            ExtraJson = "{\"unknown_field\":1}",
            Position = SourcePosition.Kafka("events", 0, offset),
        };
        var location = country is null ? GeoLocation.Unknown("private") : new GeoLocation(country, country + " name", "Region", city);
        var store = storeDomain is null ? StoreInfo.Unknown : new StoreInfo(storeDomain, "DE", "de");
        var ua = new UserAgentInfo(browser, "120", os, "10", "Other", null, null, bot ? DeviceType.Bot : DeviceType.Desktop, bot);
        var url = new UrlInfo(storeDomain, "Ring " + productId, shop.CurrentUrl, "news", null, null, null, null, null, null);
        return new EnrichedEvent(shop, location, store, ua, url, new ReferrerInfo(referrerHost, ReferrerMedium.Search));
    }

    /// <summary>An event with nothing known: every dimension is Unknown.</summary>
    public static EnrichedEvent Bare(string id, DateTimeOffset? time = null)
    {
        var shop = new ShopEvent { EventId = id, EventTime = time ?? Noon, Collection = "view_product_detail", Position = SourcePosition.Kafka("events", 0, 0) };
        return new EnrichedEvent(shop, GeoLocation.Unknown("no ip"), StoreInfo.Unknown, UserAgentInfo.Unknown, UrlInfo.Empty, new ReferrerInfo("", ReferrerMedium.Direct));
    }

    public static Rejection Rejection(long offset, string source = "events") =>
        new(RejectionCodes.InvalidJson, "not JSON", null, "{oops"u8.ToArray(), SourcePosition.Kafka(source, 0, offset));

    public static WarehouseBatch Batch(params EnrichedEvent[] events) => WarehouseBatch.Clickstream(events, [], []);

    /// <summary>An event of the default device <paramref name="minute"/> minutes after <see cref="Noon"/>.</summary>
    public static EnrichedEvent At(string id, int minute = 0) => Event(id, Noon.AddMinutes(minute));
}
