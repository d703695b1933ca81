using Facet.Core.Enrichment;

namespace Facet.Core.Tests.Enrichment;

public sealed class DomainUrlReferrerTests
{
    [Theory]
    [InlineData("https://www.glamira.de/glamira-ring-x.html", "glamira.de", "DE", "de")]
    [InlineData("https://www.glamira.cl/", "glamira.cl", "CL", "es")]
    [InlineData("https://www.glamira.co.uk/checkout/", "glamira.co.uk", "GB", "en")]
    [InlineData("https://www.glamira.com.br/aneis/", "glamira.com.br", "BR", "pt")]
    [InlineData("https://www.glamira.com.au/", "glamira.com.au", "AU", "en")]
    [InlineData("https://www.glamira.co.nz/", "glamira.co.nz", "NZ", "en")]
    [InlineData("https://www.glamira.co.jp/", "glamira.co.jp", "JP", "ja")]
    [InlineData("https://www.glamira.com.mx/", "glamira.com.mx", "MX", "es")]
    [InlineData("https://www.glamira.co.za/", "glamira.co.za", "ZA", "en")]
    [InlineData("https://glamira.fr/bagues/", "glamira.fr", "FR", "fr")]
    [InlineData("https://www.glamira.ch/", "glamira.ch", "CH", "de")]
    [InlineData("https://www.glamira.at/", "glamira.at", "AT", "de")]
    [InlineData("https://www.glamira.pl/", "glamira.pl", "PL", "pl")]
    [InlineData("https://www.glamira.se/", "glamira.se", "SE", "sv")]
    [InlineData("https://www.glamira.ie/", "glamira.ie", "IE", "en")]
    [InlineData("https://WWW.GLAMIRA.IT:443/anelli/", "glamira.it", "IT", "it")]
    [InlineData("https://www.glamira.vn/", "glamira.vn", "VN", "vi")]
    [InlineData("https://www.glamira.gy/", "glamira.gy", "GY", null)] // a country with no language in the table
    [InlineData("https://www.glamira.com/glde/glamira-ring-x.html", "glamira.com", null, null)]
    [InlineData("https://www.glamira.net/", "glamira.net", null, null)]
    [InlineData("https://www.glamira.eu/", "glamira.eu", null, null)] // .eu is not a country
    [InlineData("glamira.es", "glamira.es", "ES", "es")]
    public void Resolve_maps_the_store_domain_to_its_country_and_language(string url, string domain, string? country, string? language)
    {
        Assert.Equal(new StoreInfo(domain, country, language), StoreDomainResolver.Default.Resolve(url));
    }

    // Regions ICU knows that ISO 3166-1 does not assign (Diego Garcia, Canary Islands, Ceuta & Melilla, Kosovo…).
    private static readonly HashSet<string> NotIso3166 = ["DG", "IC", "EA", "XK", "CP", "TA", "AC", "CQ"];

    [Fact]
    public void Every_ISO_country_code_top_level_domain_maps_to_its_country()
    {
        var codes = System.Globalization.CultureInfo.GetCultures(System.Globalization.CultureTypes.SpecificCultures)
            .Select(c => new System.Globalization.RegionInfo(c.Name).TwoLetterISORegionName)
            .Where(c => c.Length == 2 && c != "GB" && !NotIso3166.Contains(c))
            .Distinct().ToList();
        Assert.True(codes.Count > 100);
        foreach (var code in codes)
        {
            Assert.Equal(code, StoreDomainResolver.Default.Resolve($"https://shop.example.{code.ToLowerInvariant()}/").CountryCode);
        }

        Assert.Equal("GB", StoreDomainResolver.CountryFromTld("uk"));
        Assert.Null(StoreDomainResolver.CountryFromTld("com"));
        Assert.Null(StoreDomainResolver.CountryFromTld("su"));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/relative/path")]
    [InlineData("https://localhost/")]
    public void Resolve_answers_Unknown_when_there_is_no_domain(string? url)
    {
        Assert.Same(StoreInfo.Unknown, StoreDomainResolver.Default.Resolve(url));
    }

    [Theory]
    [InlineData("https://www.glamira.de/glamira-ring-saphira-skug100335.html?alloy=white-375&diamond=sapphire", "ring-saphira")]
    [InlineData("https://www.glamira.com/glde/glamira-pendant-viktor-skup0040.html", "pendant-viktor")]
    [InlineData("https://www.glamira.co.uk/glamira-earring-marais.html", "earring-marais")]
    [InlineData("https://www.glamira.fr/catalog/bague-alliance-sku1234.html", "bague-alliance")]
    [InlineData("https://www.glamira.es/glamira-anillo-ni%C3%B1a.html", "anillo-niña")]
    [InlineData("https://www.glamira.de/GLAMIRA-Ring-Aline.html", "ring-aline")]
    [InlineData("https://www.glamira.de/checkout/cart.html", null)]
    [InlineData("https://www.glamira.de/ringe/", null)]
    [InlineData("https://www.glamira.de/", null)]
    public void Analyze_takes_the_product_name_from_the_slug(string url, string? product)
    {
        Assert.Equal(product, UrlAnalyzer.Default.Analyze(url).ProductName);
    }

    [Fact]
    public void Analyze_reads_utm_itm_and_click_ids_and_strips_them_from_the_clean_url()
    {
        var info = UrlAnalyzer.Default.Analyze("https://www.glamira.de/glamira-ring-x-sku1.html?alloy=red&utm_source=google&utm_medium=cpc&utm_campaign=Spring+Sale%202024&utm_term=ring&utm_content=ad1&itm_source=homepage&itm_campaign=xmas&fbclid=F1&gclid=G1#reviews");
        Assert.Equal("glamira.de", info.Host);
        Assert.Equal(("google", "cpc", "Spring Sale 2024", "ring", "ad1"), (info.UtmSource, info.UtmMedium, info.UtmCampaign, info.UtmTerm, info.UtmContent));
        Assert.Equal(("gclid", "G1"), (info.ClickIdType, info.ClickId)); // gclid ranks before fbclid
        Assert.Equal([new("itm_source", "homepage"), new("itm_campaign", "xmas")], info.ItmParameters);
        Assert.Equal("https://www.glamira.de/glamira-ring-x-sku1.html?alloy=red#reviews", info.CleanUrl);
    }

    [Theory]
    [InlineData("https://www.glamira.de/x.html?msclkid=abc", "msclkid", "abc", "https://www.glamira.de/x.html")]
    [InlineData("https://www.glamira.de/x.html?FBCLID=abc&a=1", "fbclid", "abc", "https://www.glamira.de/x.html?a=1")]
    [InlineData("https://www.glamira.de/x.html?a=1&b=2", null, null, "https://www.glamira.de/x.html?a=1&b=2")]
    [InlineData("https://www.glamira.de/x.html?utm_source=&a=1", null, null, "https://www.glamira.de/x.html?a=1")]
    public void Analyze_finds_the_click_id_and_keeps_other_parameters_in_order(string url, string? type, string? id, string clean)
    {
        var info = UrlAnalyzer.Default.Analyze(url);
        Assert.Equal((type, id, clean), (info.ClickIdType, info.ClickId, info.CleanUrl));
    }

    [Theory]
    [InlineData(null, "(direct)", ReferrerMedium.Direct)]
    [InlineData("", "(direct)", ReferrerMedium.Direct)]
    [InlineData("https://www.glamira.de/ringe/", "glamira.de", ReferrerMedium.Internal)]
    [InlineData("https://www.glamira.co.uk/", "glamira.co.uk", ReferrerMedium.Internal)]
    [InlineData("https://checkout.glamira.com/", "checkout.glamira.com", ReferrerMedium.Internal)]
    [InlineData("https://www.google.com/", "google.com", ReferrerMedium.Search)]
    [InlineData("https://www.google.de/search?q=ring", "google.de", ReferrerMedium.Search)]
    [InlineData("https://www.google.co.uk/", "google.co.uk", ReferrerMedium.Search)]
    [InlineData("https://www.google.com.br/", "google.com.br", ReferrerMedium.Search)]
    [InlineData("https://www.bing.com/search?q=x", "bing.com", ReferrerMedium.Search)]
    [InlineData("https://search.yahoo.co.jp/", "search.yahoo.co.jp", ReferrerMedium.Search)]
    [InlineData("https://duckduckgo.com/", "duckduckgo.com", ReferrerMedium.Search)]
    [InlineData("https://yandex.ru/search/", "yandex.ru", ReferrerMedium.Search)]
    [InlineData("https://www.baidu.com/", "baidu.com", ReferrerMedium.Search)]
    [InlineData("https://www.ecosia.org/", "ecosia.org", ReferrerMedium.Search)]
    [InlineData("https://search.brave.com/", "search.brave.com", ReferrerMedium.Search)]
    [InlineData("android-app://com.google.android.googlequicksearchbox/", "com.google.android.googlequicksearchbox", ReferrerMedium.Search)]
    [InlineData("https://m.facebook.com/", "m.facebook.com", ReferrerMedium.Social)]
    [InlineData("https://l.facebook.com/l.php?u=x", "l.facebook.com", ReferrerMedium.Social)]
    [InlineData("https://www.instagram.com/", "instagram.com", ReferrerMedium.Social)]
    [InlineData("https://www.pinterest.de/", "pinterest.de", ReferrerMedium.Social)]
    [InlineData("https://t.co/abc", "t.co", ReferrerMedium.Social)]
    [InlineData("https://twitter.com/", "twitter.com", ReferrerMedium.Social)]
    [InlineData("https://x.com/", "x.com", ReferrerMedium.Social)]
    [InlineData("https://www.linkedin.com/", "linkedin.com", ReferrerMedium.Social)]
    [InlineData("https://www.youtube.com/", "youtube.com", ReferrerMedium.Social)]
    [InlineData("https://www.tiktok.com/", "tiktok.com", ReferrerMedium.Social)]
    [InlineData("https://www.reddit.com/r/jewelry", "reddit.com", ReferrerMedium.Social)]
    [InlineData("android-app://com.facebook.katana/", "com.facebook.katana", ReferrerMedium.Social)]
    [InlineData("https://mail.google.com/mail/u/0/", "mail.google.com", ReferrerMedium.Email)]
    [InlineData("https://outlook.live.com/", "outlook.live.com", ReferrerMedium.Email)]
    [InlineData("https://mail.yahoo.com/", "mail.yahoo.com", ReferrerMedium.Email)]
    [InlineData("https://webmail.example.org/", "webmail.example.org", ReferrerMedium.Email)]
    [InlineData("https://www.gmx.net/", "gmx.net", ReferrerMedium.Email)]
    [InlineData("https://web.de/", "web.de", ReferrerMedium.Email)]
    [InlineData("android-app://com.google.android.gm/", "com.google.android.gm", ReferrerMedium.Email)]
    [InlineData("https://www.example.com/blog", "example.com", ReferrerMedium.Other)]
    [InlineData("https://WWW.Some-Blog.NET/post", "some-blog.net", ReferrerMedium.Other)]
    public void Classify_names_the_host_and_medium(string? referrer, string host, ReferrerMedium medium)
    {
        Assert.Equal(new ReferrerInfo(host, medium), ReferrerClassifier.Default.Classify(referrer));
    }
}
