using System.Globalization;

namespace Facet.Simulation.Generation;

/// <summary>
/// Realistic user agents for the generated sessions. Browser versions follow the calendar of the generated time
/// (Chrome/Edge and Firefox ship a major every 4 weeks, Safari one a year), so a stream dated today carries today's
/// versions: most shoppers on the current or previous major, a tail on older ones. Shares: mobile 60%, desktop 35%,
/// tablet 5%. Crawlers use the UAs the real bots send.
/// </summary>
internal sealed class UserAgentCatalog
{
    // Chrome 142 shipped 2025-10-28, Firefox 145 on 2025-11-11, Safari 26 with iOS 26 on 2025-09-15.
    private static readonly DateTime Chrome142 = new(2025, 10, 28, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Firefox145 = new(2025, 11, 11, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Safari26 = new(2025, 9, 15, 0, 0, 0, DateTimeKind.Utc);

    private static readonly string[] DesktopResolutions = ["1920x1080", "1366x768", "1536x864", "2560x1440", "1440x900", "1280x720", "1680x1050", "1600x900"];
    private static readonly string[] MobileResolutions = ["390x844", "393x852", "412x915", "375x667", "360x800", "430x932", "414x896", "384x854", "360x780"];
    private static readonly string[] TabletResolutions = ["810x1080", "820x1180", "768x1024", "800x1280", "1024x1366", "834x1194"];
    private static readonly string[] AndroidModels = ["SM-S928B", "SM-S921B", "SM-A556B", "SM-A356B", "SM-G991B", "SM-S918B", "SM-A155F"];
    private static readonly string[] AndroidTabletModels = ["SM-X710", "SM-X510", "SM-X216B"];

    private static readonly (string Agent, string Country)[] Crawlers =
    [
        ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "US"),
        ("Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "US"),
        ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) Chrome/{chrome}.0.0.0 Safari/537.36", "US"),
        ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", "RU"),
        ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", "SG"),
        ("Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)", "US"),
        ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)", "US"),
        ("DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)", "US"),
        ("facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)", "US"),
        ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; GPTBot/1.2; +https://openai.com/gptbot)", "US"),
        ("Mozilla/5.0 AppleWebKit/537.36 (KHTML, like Gecko; compatible; ClaudeBot/1.0; +claudebot@anthropic.com)", "US"),
        ("Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)", "IE"),
        ("Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)", "CN"),
    ];

    private static readonly double[] CrawlerWeights = [30, 18, 16, 5, 9, 6, 5, 2, 3, 2, 2, 1, 1];

    private readonly int _chrome;
    private readonly int _firefox;
    private readonly int _safari;
    private readonly WeightedChoice _crawler = new(CrawlerWeights);

    public UserAgentCatalog(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        _chrome = 142 + Math.Max(0, (int)((utc - Chrome142).TotalDays / 28));
        _firefox = 145 + Math.Max(0, (int)((utc - Firefox145).TotalDays / 28));
        _safari = 26 + Math.Max(0, (int)((utc - Safari26).TotalDays / 365.25));
    }

    /// <summary>The Chrome major the catalog treats as current (for tests and docs).</summary>
    public int CurrentChrome => _chrome;

    public (string Agent, string Resolution, DeviceClass Device) NextShopper(GeneratorRandom random)
    {
        var roll = random.NextDouble();
        if (roll < 0.60)
        {
            return (Mobile(random), random.Pick(MobileResolutions), DeviceClass.Mobile);
        }

        if (roll < 0.95)
        {
            return (Desktop(random), random.Pick(DesktopResolutions), DeviceClass.Desktop);
        }

        return (Tablet(random), random.Pick(TabletResolutions), DeviceClass.Tablet);
    }

    public (string Agent, string Country) NextCrawler(GeneratorRandom random)
    {
        var (agent, country) = Crawlers[_crawler.Next(random)];
        return (agent.Replace("{chrome}", Chrome(random).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal), country);
    }

    private string Desktop(GeneratorRandom random)
    {
        var roll = random.NextDouble();
        var chrome = Chrome(random);
        return roll switch
        {
            < 0.42 => $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
            < 0.56 => $"Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36 Edg/{chrome}.0.{random.Next(3000, 3900)}.{random.Next(10, 140)}",
            < 0.64 => $"Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:{Firefox(random)}.0) Gecko/20100101 Firefox/{Firefox(random)}.0",
            < 0.78 => $"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
            < 0.93 => $"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{Safari(random)} Safari/605.1.15",
            < 0.96 => $"Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:{Firefox(random)}.0) Gecko/20100101 Firefox/{Firefox(random)}.0",
            _ => $"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Safari/537.36",
        };
    }

    private string Mobile(GeneratorRandom random)
    {
        var roll = random.NextDouble();
        var chrome = Chrome(random);
        return roll switch
        {
            < 0.38 => $"Mozilla/5.0 (iPhone; CPU iPhone OS {IosToken(random)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{Safari(random)} Mobile/15E148 Safari/604.1",
            < 0.45 => $"Mozilla/5.0 (iPhone; CPU iPhone OS {IosToken(random)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/{chrome}.0.{random.Next(7000, 7600)}.{random.Next(10, 200)} Mobile/15E148 Safari/604.1",
            < 0.50 => $"Mozilla/5.0 (iPhone; CPU iPhone OS {IosToken(random)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/{random.Next(480, 540)}.0.0.{random.Next(10, 60)}.{random.Next(10, 120)};FBBV/{random.Next(600_000_000, 800_000_000)};FBDV/iPhone16,2;FBMD/iPhone;FBSN/iOS;FBSV/{IosToken(random).Replace('_', '.')};FBSS/3;FBCR/;FBID/phone;FBLC/en_US;FBOP/80]",
            < 0.84 => $"Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{chrome}.0.0.0 Mobile Safari/537.36",
            < 0.96 => $"Mozilla/5.0 (Linux; Android {random.Next(13, 17)}; {random.Pick(AndroidModels)}) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{random.Next(27, 30)}.0 Chrome/{chrome - 6}.0.0.0 Mobile Safari/537.36",
            _ => $"Mozilla/5.0 (Android {random.Next(13, 17)}; Mobile; rv:{Firefox(random)}.0) Gecko/{Firefox(random)}.0 Firefox/{Firefox(random)}.0",
        };
    }

    private string Tablet(GeneratorRandom random)
    {
        var roll = random.NextDouble();
        return roll switch
        {
            < 0.65 => $"Mozilla/5.0 (iPad; CPU OS {IosToken(random)} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/{Safari(random)} Mobile/15E148 Safari/604.1",
            _ => $"Mozilla/5.0 (Linux; Android {random.Next(13, 17)}; {random.Pick(AndroidTabletModels)}) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/{random.Next(27, 30)}.0 Chrome/{Chrome(random) - 6}.0.0.0 Safari/537.36",
        };
    }

    private int Chrome(GeneratorRandom random) => _chrome - Lag(random);

    private int Firefox(GeneratorRandom random) => _firefox - Lag(random);

    private string Safari(GeneratorRandom random)
    {
        var major = random.Chance(0.8) ? _safari : _safari - 1;
        return $"{major}.{random.Next(0, 5)}";
    }

    /// <summary>iOS 26 and later freeze the UA's OS token at 18_6; older devices report their own.</summary>
    private string IosToken(GeneratorRandom random) => _safari >= 26 && random.Chance(0.85) ? "18_6" : $"{Math.Min(_safari - 1, 18)}_{random.Next(0, 7)}";

    private static int Lag(GeneratorRandom random) => random.NextDouble() switch
    {
        < 0.45 => 0,
        < 0.75 => 1,
        < 0.87 => 2,
        _ => 3 + random.Next(6),
    };
}
