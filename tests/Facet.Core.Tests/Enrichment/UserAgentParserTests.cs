using System.Text.RegularExpressions;
using Facet.Core.Enrichment;

namespace Facet.Core.Tests.Enrichment;

/// <summary>
/// Real user-agent strings as their vendors document them (Chrome's UA-reduction formats, MDN's Firefox UA reference,
/// Microsoft Edge, Samsung Internet, Opera, Apple Safari/WebKit, Meta and Instagram in-app browsers) and as crawlers
/// document theirs (Google, Bing, Ahrefs, Meta, Apple, Yandex, DuckDuckGo, Semrush). Expected families follow
/// uap-core's naming (its tests/test_ua.yaml, test_os.yaml, test_device.yaml); versions are the ones in the strings.
/// </summary>
public sealed class UserAgentParserTests
{
    public static TheoryData<string, string, string?, string, string?, string, DeviceType, bool> Cases => new()
    {
        // Chrome (developer.chrome.com, "User-Agent reduction" formats)
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "120.0.0", "Windows", "10", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome", "131.0.0", "Windows", "10", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Windows NT 6.1; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36", "Chrome", "109.0.0", "Windows", "7", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Windows NT 6.3; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/109.0.0.0 Safari/537.36", "Chrome", "109.0.0", "Windows", "8.1", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "120.0.0", "Mac OS X", "10.15.7", "Mac", DeviceType.Desktop, false },
        { "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "120.0.0", "Linux", null, "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "120.0.0", "Chrome OS", "14541.0.0", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", "Chrome Mobile", "120.0.0", "Android", "10", "K", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36", "Chrome Mobile", "131.0.0", "Android", "10", "K", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/116.0.0.0 Mobile Safari/537.36", "Chrome Mobile", "116.0.0", "Android", "13", "Pixel 7", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Linux; Android 12; SM-S906N Build/QP1A.190711.020; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/80.0.3987.119 Mobile Safari/537.36", "Chrome Mobile WebView", "80.0.3987", "Android", "12", "Samsung SM-S906N", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36", "Chrome", "120.0.0", "Android", "10", "K", DeviceType.Tablet, false },
        { "Mozilla/5.0 (Linux; Android 11; SM-T870) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/96.0.4664.104 Safari/537.36", "Chrome", "96.0.4664", "Android", "11", "SM-T870", DeviceType.Tablet, false },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", "Chrome Mobile iOS", "120.0.6099", "iOS", "17.1", "iPhone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1", "Chrome Mobile iOS", "120.0.6099", "iOS", "17.1", "iPad", DeviceType.Tablet, false },

        // Safari (WebKit / Apple)
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15", "Safari", "17.1", "Mac OS X", "10.15.7", "Mac", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Safari/605.1.15", "Safari", "16.6", "Mac OS X", "10.15.7", "Mac", DeviceType.Desktop, false },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1", "Mobile Safari", "17.1", "iOS", "17.1", "iPhone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", "Mobile Safari", "16.6", "iOS", "16.6", "iPhone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 15_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/15.6.1 Mobile/15E148 Safari/604.1", "Mobile Safari", "15.6.1", "iOS", "15.7", "iPhone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1", "Mobile Safari", "16.6", "iOS", "16.6", "iPad", DeviceType.Tablet, false },
        { "Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1", "Mobile Safari", "12.1", "iOS", "12.2", "iPad", DeviceType.Tablet, false },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148", "Mobile Safari UI/WKWebView", null, "iOS", "17.1", "iPhone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (iPod touch; CPU iPhone OS 12_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1.2 Mobile/15E148 Safari/604.1", "Mobile Safari", "12.1.2", "iOS", "12.5", "iPod", DeviceType.Mobile, false },

        // Firefox (MDN "Firefox user agent string reference")
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/115.0", "Firefox", "115.0", "Windows", "10", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox", "133.0", "Windows", "10", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:109.0) Gecko/20100101 Firefox/115.0", "Firefox", "115.0", "Mac OS X", "10.15", "Mac", DeviceType.Desktop, false },
        { "Mozilla/5.0 (X11; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0", "Firefox", "115.0", "Linux", null, "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0", "Firefox", "115.0", "Ubuntu", null, "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (X11; Fedora; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0", "Firefox", "115.0", "Fedora", null, "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Android 13; Mobile; rv:109.0) Gecko/115.0 Firefox/115.0", "Firefox Mobile", "115.0", "Android", "13", "Generic Smartphone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Android 13; Tablet; rv:109.0) Gecko/115.0 Firefox/115.0", "Firefox Mobile", "115.0", "Android", "13", "Generic Tablet", DeviceType.Tablet, false },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 13_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/27.0 Mobile/15E148 Safari/605.1.15", "Firefox iOS", "27.0", "iOS", "13.5", "iPhone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (iPad; CPU OS 13_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/27.0 Mobile/15E148 Safari/605.1.15", "Firefox iOS", "27.0", "iOS", "13.5", "iPad", DeviceType.Tablet, false },

        // Microsoft Edge (learn.microsoft.com, "Microsoft Edge user agent string")
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", "Edge", "120.0.0", "Windows", "10", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge", "131.0.0", "Windows", "10", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0", "Edge", "120.0.0", "Mac OS X", "10.15.7", "Mac", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Linux; Android 10; HD1913) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.210 Mobile Safari/537.36 EdgA/120.0.2210.115", "Edge Mobile", "120.0.2210", "Android", "10", "OnePlus HD1913", DeviceType.Mobile, false },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 EdgiOS/120.2210.126 Mobile/15E148 Safari/605.1.15", "Edge Mobile", "120.2210.126", "iOS", "17.2", "iPhone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19582", "Edge", "18.19582", "Windows", "10", "Other", DeviceType.Desktop, false },

        // Samsung Internet (developer.samsung.com, "Samsung Internet for Android user agent string")
        { "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36", "Samsung Internet", "23.0", "Android", "13", "Samsung SM-S918B", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Linux; Android 10; SAMSUNG SM-G973F) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/12.0 Chrome/79.0.3945.136 Mobile Safari/537.36", "Samsung Internet", "12.0", "Android", "10", "Samsung SM-G973F", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Linux; Android 12; SAMSUNG SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/20.0 Chrome/106.0.5249.126 Safari/537.36", "Samsung Internet", "20.0", "Android", "12", "Samsung SM-X700", DeviceType.Tablet, false },
        { "Mozilla/5.0 (Linux; Android 9; SAMSUNG SM-T825) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/10.1 Chrome/71.0.3578.99 Safari/537.36", "Samsung Internet", "10.1", "Android", "9", "Samsung SM-T825", DeviceType.Tablet, false },

        // Opera (dev.opera.com; Opera Mini and Opera for Android)
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0", "Opera", "106.0.0", "Windows", "10", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0", "Opera", "106.0.0", "Mac OS X", "10.15.7", "Mac", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Linux; Android 10; VOG-L29) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 OPR/79.0.4195.76543", "Opera Mobile", "79.0.4195", "Android", "10", "Huawei VOG-L29", DeviceType.Mobile, false },
        { "Opera/9.80 (Android; Opera Mini/36.2.2254/119.132; U; id) Presto/2.12.423 Version/12.16", "Opera Mini", "36.2.2254", "Android", null, "Generic Smartphone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/58.0.3029.110 Safari/537.36 OPR/45.0.2552.898", "Opera", "45.0.2552", "Windows", "10", "Other", DeviceType.Desktop, false },

        // In-app browsers (Meta: Facebook, Messenger, Instagram)
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]", "Facebook", null, "iOS", "16.6", "iPhone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Linux; Android 13; SM-A536B Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/119.0.6045.163 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/442.0.0.33.113;]", "Facebook", "442.0.0", "Android", "13", "Samsung SM-A536B", DeviceType.Mobile, false },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 307.0.0.27.98 (iPhone14,2; iOS 17_1; en_US; en; scale=3.00; 1170x2532; 531113010)", "Instagram", "307.0.0", "iOS", "17.1", "iPhone", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Linux; Android 13; Pixel 6 Build/TQ3A.230901.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/118.0.5993.80 Mobile Safari/537.36 Instagram 307.0.0.34.111 Android (33/13; 420dpi; 1080x2209; Google/google; Pixel 6; oriole; oriole; en_US; 531188940)", "Instagram", "307.0.0", "Android", "13", "Pixel 6", DeviceType.Mobile, false },
        { "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/MessengerForiOS;FBAV/435.0.0.27.109;FBBV/535010283;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/5]", "Facebook Messenger", "435.0.0", "iOS", "16.6", "iPhone", DeviceType.Mobile, false },

        // Other phones and systems
        { "Mozilla/5.0 (Linux; Android 13; 2201116SG) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36", "Chrome Mobile", "120.0.0", "Android", "13", "2201116SG", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30", "Android", "4.0.3", "Android", "4.0.3", "LG-L160L", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Windows Phone 10.0; Android 6.0.1; Microsoft; Lumia 950) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/52.0.2743.116 Mobile Safari/537.36 Edge/15.14977", "Edge Mobile", "15.14977", "Windows Phone", "10.0", "Lumia 950", DeviceType.Mobile, false },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 YaBrowser/24.1.0.0 Safari/537.36", "Yandex Browser", "24.1.0", "Windows", "10", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Vivaldi/6.5.3206.53", "Vivaldi", "6.5.3206", "Windows", "10", "Other", DeviceType.Desktop, false },
        { "Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/120.3.1 like Chrome/120.0.6099.230 Safari/537.36", "Amazon Silk", "120.3.1", "Android", "9", "Kindle", DeviceType.Tablet, false },

        // Crawlers and automation (their own documentation)
        { "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot", "2.1", "Other", null, "Spider", DeviceType.Bot, true },
        { "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.216 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "Googlebot", "2.1", "Android", "6.0.1", "Spider", DeviceType.Bot, true },
        { "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; Googlebot/2.1; +http://www.google.com/bot.html) Chrome/120.0.6099.216 Safari/537.36", "Googlebot", "2.1", "Other", null, "Spider", DeviceType.Bot, true },
        { "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", "bingbot", "2.0", "Other", null, "Spider", DeviceType.Bot, true },
        { "Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/116.0.1938.76 Safari/537.36", "bingbot", "2.0", "Other", null, "Spider", DeviceType.Bot, true },
        { "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "AhrefsBot", "7.0", "Other", null, "Spider", DeviceType.Bot, true },
        { "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "FacebookBot", "1.1", "Other", null, "Spider", DeviceType.Bot, true },
        { "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "YandexBot", "3.0", "Other", null, "Spider", DeviceType.Bot, true },
        { "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", "DuckDuckBot", "1.1", "Other", null, "Spider", DeviceType.Bot, true },
        { "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", "SemrushBot", "7", "Other", null, "Spider", DeviceType.Bot, true },
        { "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0.6099.109 Safari/537.36", "HeadlessChrome", "120.0.6099", "Linux", null, "Other", DeviceType.Bot, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_matches_the_published_family_version_and_device_class(string ua, string browser, string? browserVersion, string os, string? osVersion, string deviceFamily, DeviceType deviceType, bool isBot)
    {
        var info = EnrichmentTestData.Parser.ParseUncached(ua);
        Assert.Equal(browser, info.Browser);
        Assert.Equal(browserVersion, info.BrowserVersion);
        Assert.Equal(os, info.Os);
        Assert.Equal(osVersion, info.OsVersion);
        Assert.Equal(deviceFamily, info.DeviceFamily);
        Assert.Equal(deviceType, info.DeviceType);
        Assert.Equal(isBot, info.IsBot);
    }

    [Fact]
    public void The_table_covers_at_least_sixty_real_user_agents()
    {
        Assert.True(Cases.Count >= 60, $"only {Cases.Count} user agents");
    }

    [Fact]
    public void Results_of_different_agents_share_one_instance_of_each_family_and_version_text()
    {
        // Two agents that differ only past what the rules read: two cache entries, one set of texts between them.
        const string Safari = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.6 Mobile/15E148 Safari/604.1";
        var parser = EnrichmentTestData.Parser;
        var a = parser.ParseUncached(Safari);
        var b = parser.ParseUncached(Safari.Replace("604.1", "604.2", StringComparison.Ordinal));
        Assert.Equal(("Mobile Safari", "18.6", "iOS", "18.6", "iPhone"), (a.Browser, a.BrowserVersion, a.Os, a.OsVersion, a.DeviceFamily));
        Assert.Same(a.BrowserVersion, b.BrowserVersion);
        Assert.Same(a.OsVersion, b.OsVersion);
        Assert.Same(a.BrowserMajor, b.BrowserMajor);
        Assert.Same(a.OsMajor, b.OsMajor);
        Assert.Same(a.DeviceFamily, b.DeviceFamily);
        Assert.Same(a.DeviceModel, b.DeviceModel);
    }

    [Fact]
    public void Parse_returns_Other_families_and_no_versions_when_nothing_matches()
    {
        var info = EnrichmentTestData.Parser.ParseUncached("zzz-no-parser-knows-this");
        Assert.Equal(("Other", (string?)null, "Other", (string?)null, "Other", (string?)null, (string?)null),
            (info.Browser, info.BrowserVersion, info.Os, info.OsVersion, info.DeviceFamily, info.DeviceBrand, info.DeviceModel));
        Assert.Same(UserAgentInfo.Unknown, EnrichmentTestData.Parser.Parse(null));
        Assert.Same(UserAgentInfo.Unknown, EnrichmentTestData.Parser.Parse(""));
    }

    [Fact]
    public void Replacements_substitute_groups_and_regex_flag_i_ignores_case()
    {
        const string yaml = """
            user_agent_parsers:
              - regex: '(Namoroka|Shiretoko|Minefield)/(\d+)\.(\d+)\.(\d+(?:pre)?)'
                family_replacement: 'Firefox ($1)'
            os_parsers:
              - regex: 'Win(95|98|3.1|NT|ME|2000)'
                os_replacement: 'Windows $1'
            device_parsers:
              - regex: '; *(PEDI)_(PLUS)_(W) Build'
                device_replacement: 'Odys $1 $2 $3'
                brand_replacement: 'Odys'
                model_replacement: '$1 $2 $3'
              - regex: 'acme-(phone)'
                regex_flag: 'i'
                device_replacement: 'Acme $1'
                brand_replacement: 'Acme'
            """;
        var parser = UserAgentParser.FromYaml(yaml, 10, UaRegexCompilation.Interpreted);

        // The examples of uap-core's docs/specification.md.
        var firefox = parser.ParseUncached("Mozilla/5.0 (Windows; Windows NT 5.1; rv:2.0b3pre) Gecko/20100727 Minefield/4.0.1pre");
        Assert.Equal(("Firefox (Minefield)", "4.0.1pre"), (firefox.Browser, firefox.BrowserVersion));
        Assert.Equal("Windows 95", parser.ParseUncached("Mozilla/5.0 (Windows; U; Win95; en-US; rv:1.1) Gecko/20020826").Os);
        var odys = parser.ParseUncached("Mozilla/5.0 (Linux; U; Android 4.2.2; de-de; PEDI_PLUS_W Build/JDQ39) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Safari/534.30");
        Assert.Equal(("Odys PEDI PLUS W", "Odys", "PEDI PLUS W"), (odys.DeviceFamily, odys.DeviceBrand, odys.DeviceModel));

        // Case-sensitive by default, case-insensitive with regex_flag 'i'; model falls back to group 1.
        var acme = parser.ParseUncached("ACME-PHONE/1.0");
        Assert.Equal(("Acme PHONE", "Acme", "PHONE"), (acme.DeviceFamily, acme.DeviceBrand, acme.DeviceModel));
        Assert.Equal("Other", parser.ParseUncached("minefield/4.0.1").Browser);
    }

    [Fact]
    public void Parse_caches_results_and_the_cache_stays_bounded()
    {
        var parser = UserAgentParser.FromYaml("""
            user_agent_parsers:
              - regex: '(Agent)/(\d+)'
            os_parsers: []
            device_parsers: []
            """, cacheSize: 100, UaRegexCompilation.Interpreted);
        var first = parser.Parse("Agent/1");
        Assert.Same(first, parser.Parse("Agent/1"));
        for (var i = 0; i < 10_000; i++)
        {
            parser.Parse($"Agent/{i}");
        }

        Assert.InRange(parser.CachedCount, 1, 200);
    }

    [Fact]
    public void A_match_that_times_out_on_the_backtracking_engine_is_found_by_the_linear_one_not_lost()
    {
        // '^(a|aa)+$' backtracks exponentially on 60 a's and a '!', so trying it at position 0 exceeds the timeout
        // (checked below, so the premise cannot silently go away); the match the spec requires is 'x/7' at the end.
        // A loaded machine hits the same timeout on ordinary matches, so the result must not depend on it firing.
        const string pattern = @"(x)/(\d+)|^(a|aa)+$";
        var input = new string('a', 60) + "!x/7";
        Assert.Throws<RegexMatchTimeoutException>(() => new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(250)).Match(input));

        var parser = UserAgentParser.FromYaml($$"""
            user_agent_parsers:
              - regex: '{{pattern}}'
                family_replacement: 'Found'
            os_parsers: []
            device_parsers: []
            """, 10, UaRegexCompilation.Interpreted);
        var found = parser.ParseUncached(input);
        Assert.Equal(("Found", "7"), (found.Browser, found.BrowserVersion));
    }

    [Fact]
    public void Eager_compilation_gives_the_same_results_as_interpreted()
    {
        var eager = UserAgentParser.Load(EnrichmentTestData.Files.UaRegexesPath, 10, UaRegexCompilation.Eager);
        Assert.Equal(eager.RuleCounts.UserAgent + eager.RuleCounts.Os + eager.RuleCounts.Device, eager.CompiledRuleCount);
        foreach (var row in Cases)
        {
            var ua = (string)row[0];
            Assert.Equal(EnrichmentTestData.Parser.ParseUncached(ua), eager.ParseUncached(ua));
        }
    }

    [Fact]
    public void Adaptive_compilation_gives_the_same_results_as_interpreted_before_and_after_the_hot_rules_compile()
    {
        var adaptive = UserAgentParser.Load(EnrichmentTestData.Files.UaRegexesPath, 10, UaRegexCompilation.Adaptive);
        Assert.Equal(0, adaptive.CompiledRuleCount);
        var corpus = new List<string>(PrefilterCorpus);
        foreach (var row in Cases)
        {
            var ua = (string)row[0];
            corpus.AddRange([ua, ua.ToUpperInvariant(), ua.ToLowerInvariant()]);
        }

        // Enough uncached parses that the rules most user agents reach pass the threshold and switch mid-way.
        for (var pass = 0; pass * corpus.Count < 400; pass++)
        {
            foreach (var ua in corpus)
            {
                Assert.Equal(EnrichmentTestData.Parser.ParseUncached(ua), adaptive.ParseUncached(ua));
            }
        }

        var total = adaptive.RuleCounts.UserAgent + adaptive.RuleCounts.Os + adaptive.RuleCounts.Device;
        Assert.InRange(adaptive.CompiledRuleCount, 1, total / 4);
    }

    [Fact]
    public void The_literal_prefilter_gives_the_same_results_as_trying_every_rule_in_order()
    {
        var plain = UserAgentParser.Load(EnrichmentTestData.Files.UaRegexesPath, 10, UaRegexCompilation.Interpreted);
        plain.Prefilter = false;
        var prefiltered = UserAgentParser.Load(EnrichmentTestData.Files.UaRegexesPath, 10, UaRegexCompilation.Interpreted);
        Assert.True(prefiltered.Prefilter);

        var corpus = new List<string>(PrefilterCorpus);
        foreach (var row in Cases)
        {
            var ua = (string)row[0];
            // Case variants exercise the rules with regex_flag 'i' (and the case-sensitive ones not matching).
            corpus.AddRange([ua, ua.ToUpperInvariant(), ua.ToLowerInvariant()]);
        }

        foreach (var ua in corpus)
        {
            Assert.Equal(plain.ParseUncached(ua), prefiltered.ParseUncached(ua));
        }
    }

    [Fact]
    public void Most_uap_core_rules_get_a_required_literal()
    {
        var parser = UserAgentParser.Load(EnrichmentTestData.Files.UaRegexesPath, 10, UaRegexCompilation.Interpreted);
        var (withLiteral, total) = parser.PrefilterCoverage;
        Assert.True(withLiteral > total * 0.8, $"{withLiteral} of {total} rules have a literal");
    }

    /// <summary>UAs beyond the table: apps, old and feature phones, TVs, consoles, libraries, and non-ASCII input.</summary>
    private static readonly string[] PrefilterCorpus =
    [
        "Mozilla/5.0 (Linux; U; Android 4.0.3; ko-kr; LG-L160L Build/IML74K) AppleWebkit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30",
        "Mozilla/5.0 (Linux; Android 9; SAMSUNG SM-T720) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/10.1 Chrome/71.0.3578.99 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 8.0.0; HUAWEI Y7 2018 Build/HUAWEILDN-L21) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/68.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; U; Android 4.2.2; de-de; PEDI_PLUS_W Build/JDQ39) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Safari/534.30",
        "Mozilla/5.0 (compatible; MSIE 10.0; Windows Phone 8.0; Trident/6.0; IEMobile/10.0; ARM; Touch; NOKIA; Lumia 920)",
        "Mozilla/5.0 (BlackBerry; U; BlackBerry 9900; en) AppleWebKit/534.11+ (KHTML, like Gecko) Version/7.1.0.346 Mobile Safari/534.11+",
        "Opera/9.80 (J2ME/MIDP; Opera Mini/9.80 (S60; SymbOS; Opera Mobi/23.348; U; en) Presto/2.5.25 Version/10.54",
        "NokiaN97/21.1.107 (SymbianOS/9.4; Series60/5.0 Mozilla/5.0; Profile/MIDP-2.1 Configuration/CLDC-1.1) AppleWebkit/525 (KHTML, like Gecko) BrowserNG/7.1.4",
        "Mozilla/5.0 (Mobile; rv:48.0; A405DL) Gecko/48.0 Firefox/48.0 KAIOS/2.5",
        "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/538.1 (KHTML, like Gecko) Version/6.0 TV Safari/538.1",
        "Mozilla/5.0 (Web0S; Linux/SmartTV) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/79.0.3945.79 Safari/537.36 WebAppManager",
        "Mozilla/5.0 (PlayStation; PlayStation 5/2.26) AppleWebKit/605.1.15 (KHTML, like Gecko)",
        "Mozilla/5.0 (Nintendo Switch; WifiWebAuthApplet) AppleWebKit/606.4 (KHTML, like Gecko) NF/6.0.1.15.4 NintendoBrowser/5.1.0.20393",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041",
        "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0",
        "Mozilla/5.0 (X11; Fedora; Linux x86_64; rv:109.0) Gecko/20100101 Firefox/115.0",
        "Mozilla/5.0 (Windows; U; Win95; en-US; rv:1.1) Gecko/20020826",
        "Mozilla/4.0 (compatible; MSIE 6.0; Windows NT 5.1; SV1)",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/435.0.0.39.106;FBBV/527052766;FBDV/iPhone14,5;FBMD/iPhone;FBSN/iOS;FBSV/16.6;FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/80]",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 302.0.0.23.112 (iPhone15,2; iOS 17_0; en_US; en; scale=3.00; 1179x2556; 522951474)",
        "Dalvik/2.1.0 (Linux; U; Android 11; M2101K6G Build/RKQ1.200826.002)",
        "okhttp/4.9.3", "python-requests/2.31.0", "curl/8.4.0", "Wget/1.21.3", "Go-http-client/2.0", "Java/17.0.2", "PostmanRuntime/7.36.0",
        "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
        "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 EdgA/120.0.2210.84",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 OPR/106.0.0.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 YaBrowser/24.1.0.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 13; 2201116SG) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Mobile Safari/537.36 XiaoMi/MiuiBrowser/14.5.1-gn",
        "ACME-PHONE/1.0", "minefield/4.0.1", "", " ", "Other", "Mozilla/5.0",
        // Rules whose literals are case-pair classes ([Ss][Pp][Ii][Dd][Ee][Rr]) or alternations of several requirements.
        "Mozilla/5.0 (compatible; SuperSPIDER/2.1; +http://example.com)", "Scraper 1.0", "my scrape tool v2.3.4", "the Crawler/3",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) BingPreview/1.0b",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 14_7_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.1.2 Mobile/15E148 Safari/604.1 (compatible; AdsBot-Google-Mobile; +http://www.google.com/mobile/adsbot.html)",
        // Non-ASCII: a Kelvin sign (U+212A) matches 'k' under case-insensitive rules, an umlaut, a long s (U+017F).
        "Mozilla/5.0 (Linux; Android 10; \u212A) AppleWebKit/537.36 (\u212AHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (Linux; Android 12; Gerät-Ä1 Build/SP1A) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/110.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html) \u017Fpider",
        "ＭＯＺＩＬＬＡ／５．０ (Windows NT 10.0) Chrome/120",
    ];
}
