using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Core.Tests.Enrichment;

public sealed class EventEnricherTests
{
    private static readonly Lazy<EventEnricher> Enricher = new(() => new EventEnricher(
        IpGeolocator.Open(EnrichmentTestData.Files.GeoIpPaths, 1_000, watch: false),
        EnrichmentTestData.Parser));

    [Fact]
    public void Enrich_fills_location_store_user_agent_url_and_referrer()
    {
        var e = Event(
            ip: "81.169.145.105",
            url: "https://www.glamira.co.uk/glamira-ring-saphira-skug100335.html?utm_source=newsletter&utm_medium=email",
            referrer: "https://www.google.co.uk/",
            ua: "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1");
        var enriched = Enricher.Value.Enrich(e);

        Assert.Same(e, enriched.Event);
        Assert.Equal("DE", enriched.Location.CountryCode);
        Assert.Equal(new StoreInfo("glamira.co.uk", "GB", "en"), enriched.Store);
        Assert.Equal(("Mobile Safari", "iOS", DeviceType.Mobile), (enriched.UserAgent.Browser, enriched.UserAgent.Os, enriched.UserAgent.DeviceType));
        Assert.False(enriched.IsBot);
        Assert.Equal("ring-saphira", enriched.Url.ProductName);
        Assert.Equal(("newsletter", "email"), (enriched.Url.UtmSource, enriched.Url.UtmMedium));
        Assert.Equal(new ReferrerInfo("google.co.uk", ReferrerMedium.Search), enriched.Referrer);
    }

    [Fact]
    public void Enrich_prefers_the_events_own_utm_fields_over_the_urls()
    {
        var e = Event(url: "https://www.glamira.de/x.html?utm_source=google&utm_medium=cpc&utm_campaign=c1");
        var withFields = new ShopEvent
        {
            EventId = "2",
            EventTime = e.EventTime,
            Collection = e.Collection,
            CurrentUrl = e.CurrentUrl,
            UtmSource = "facebook",
            UtmMedium = "",
        };
        var url = Enricher.Value.Enrich(withFields).Url;
        Assert.Equal(("facebook", "cpc", "c1"), (url.UtmSource, url.UtmMedium, url.UtmCampaign));
    }

    [Fact]
    public void Enrich_flags_crawlers_and_handles_missing_fields()
    {
        var bot = Enricher.Value.Enrich(Event(ua: "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"));
        Assert.True(bot.IsBot);
        Assert.Equal(DeviceType.Bot, bot.UserAgent.DeviceType);

        var empty = Enricher.Value.Enrich(Event());
        Assert.Equal(IpUnknownReasons.Empty, empty.Location.UnknownReason);
        Assert.Same(StoreInfo.Unknown, empty.Store);
        Assert.Same(UserAgentInfo.Unknown, empty.UserAgent);
        Assert.Same(UrlInfo.Empty, empty.Url);
        Assert.Same(ReferrerInfo.Direct, empty.Referrer);
    }

    [Fact]
    public void Enrich_counts_a_referrer_from_the_pages_own_host_as_internal()
    {
        var e = Event(url: "https://shop.example.com/a", referrer: "https://shop.example.com/b");
        Assert.Equal(ReferrerMedium.Internal, Enricher.Value.Enrich(e).Referrer.Medium);
    }

    [Theory]
    [InlineData("https://www.glamira.de/glamira-ring-a-sku1.html", "https://www.google.de/search?q=ring")]
    [InlineData("https://WWW.Glamira.CO.UK/b.html?utm_source=news", "https://google.co.uk/")]
    [InlineData("http://www.www.glamira.fr/", "android-app://com.google.android.gm/")]
    [InlineData("https://glamira.com:8443/x", "https://user@t.co/abc")]
    [InlineData("https://[2001:db8::1]/x", "https://localhost/")]
    [InlineData("/relative/path", "https://www.facebook.com/")]
    [InlineData("https://glamira.de./x", "not a url")]
    public void Store_and_referrer_shared_per_host_equal_what_the_url_alone_resolves_to(string url, string referrer)
    {
        var enriched = Enricher.Value.Enrich(Event(url: url, referrer: referrer));

        Assert.Equal(enriched.Url, UrlAnalyzer.Default.Analyze(url));
        Assert.Equal(StoreDomainResolver.Default.Resolve(url), enriched.Store);
        var classified = ReferrerClassifier.Default.Classify(referrer, enriched.Url.Host);
        Assert.Equal(classified, enriched.Referrer);
    }

    [Fact]
    public void A_referrer_host_longer_than_the_stack_buffer_is_classified_like_a_short_one()
    {
        var referrer = "https://WWW." + new string('a', 300) + ".Example.com/path";

        var enriched = Enricher.Value.Enrich(Event(url: "https://www.glamira.de/", referrer: referrer));
        var again = Enricher.Value.Enrich(Event(url: "https://www.glamira.de/", referrer: referrer.ToLowerInvariant()));

        Assert.Equal(ReferrerClassifier.Default.Classify(referrer, "glamira.de"), enriched.Referrer);
        Assert.Equal(new string('a', 300) + ".example.com", enriched.Referrer.Host);
        Assert.Same(enriched.Referrer, again.Referrer);
    }

    [Fact]
    public void Pages_and_referrers_of_one_host_share_one_store_and_one_referrer_instance()
    {
        var a = Enricher.Value.Enrich(Event(url: "https://www.glamira.at/glamira-ring-x-sku7.html", referrer: "https://www.bing.com/search?q=a"));
        var b = Enricher.Value.Enrich(Event(url: "https://glamira.at/glamira-ring-y-sku8.html?itm_source=home", referrer: "https://bing.com/search?q=b"));

        Assert.NotSame(a.Url, b.Url);
        Assert.Same(a.Url.Host, b.Url.Host);
        Assert.Same(a.Store, b.Store);
        Assert.Equal(new StoreInfo("glamira.at", "AT", "de"), a.Store);
        Assert.Same(a.Referrer, b.Referrer);
        Assert.Equal(new ReferrerInfo("bing.com", ReferrerMedium.Search), a.Referrer);
        Assert.Empty(a.Url.ItmParameters);
        Assert.Same(a.Url.ItmParameters, Enricher.Value.Enrich(Event(url: "https://glamira.at/other.html")).Url.ItmParameters);
    }

    [Fact]
    public void Enrich_is_safe_from_many_threads()
    {
        var uas = UserAgentParserTests.Cases.Select(r => (string)r[0]).Take(10).ToArray();
        var results = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, 2_000, i =>
        {
            var enriched = Enricher.Value.Enrich(Event(ip: i % 2 == 0 ? "8.8.8.8" : "1.1.1.1", ua: uas[i % uas.Length]));
            results.Add(enriched.Location.CountryCode + "|" + enriched.UserAgent.Browser);
        });
        Assert.Equal(2_000, results.Count);
        Assert.All(results, r => Assert.True(r.StartsWith("US|", StringComparison.Ordinal) || r.StartsWith("AU|", StringComparison.Ordinal)));
    }

    [Fact]
    public void Create_finds_the_installed_data_and_names_the_fix_when_a_directory_has_none()
    {
        using (var enricher = EventEnricher.Create(new EnrichmentOptions { UaRegexCompilation = UaRegexCompilation.Interpreted, WatchGeoIpFiles = false }))
        {
            Assert.Equal("US", enricher.Enrich(Event(ip: "8.8.8.8")).Location.CountryCode);
        }

        using var empty = new Facet.Testing.TempDirectory();
        var ex = Assert.Throws<EnrichmentDataException>(() => EventEnricher.Create(new EnrichmentOptions { DataDirectory = empty.Path }));
        Assert.Contains("dotnet build", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    private static ShopEvent Event(string? ip = null, string? url = null, string? referrer = null, string? ua = null) => new()
    {
        EventId = "1",
        EventTime = DateTimeOffset.UnixEpoch,
        Collection = "view_product_detail",
        Ip = ip,
        CurrentUrl = url,
        ReferrerUrl = referrer,
        UserAgent = ua,
    };
}
