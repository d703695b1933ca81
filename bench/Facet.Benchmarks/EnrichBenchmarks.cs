using BenchmarkDotNet.Attributes;
using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Benchmarks;

/// <summary>
/// Enrichment of a realistic mix (400 distinct user agents, 5,000 distinct IPs, 600 page URLs on 20 store domains,
/// 30 referrers) with warm caches, and the cold cost of one uncached uap-core parse (interpreted and compiled regexes).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class EnrichBenchmarks
{
    private const int Events = 20_000;

    private static readonly string[] BaseAgents =
    [
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{0}.0.0.0 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{0}.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_{1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{1} Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.{1} Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:109.0) Gecko/20100101 Firefox/{0}.0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/{0}.0.0.0 Safari/537.36 Edg/{0}.0.0.0",
        "Mozilla/5.0 (Linux; Android 13; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/2{1}.0 Chrome/{0}.0.0.0 Mobile Safari/537.36",
        "Mozilla/5.0 (iPad; CPU OS 16_{1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.{1} Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_{1} like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/4{0}.0.0.1;FBSV/16.{1}]",
        "Mozilla/5.0 (compatible; Googlebot/2.{1}; +http://www.google.com/bot.html)",
    ];

    private static readonly string[] Stores = ["de", "co.uk", "fr", "it", "es", "cl", "com.br", "com.au", "nl", "se", "pl", "at", "ch", "dk", "fi", "ie", "com.mx", "co.nz", "com", "pt"];
    private static readonly string[] ReferrerPool =
    [
        "", "", "", "https://www.google.com/", "https://www.google.de/", "https://www.bing.com/", "https://l.facebook.com/l.php",
        "https://www.instagram.com/", "https://t.co/x", "https://mail.google.com/", "https://www.pinterest.de/", "https://duckduckgo.com/",
        "https://www.glamira.de/ringe/", "https://www.glamira.co.uk/", "https://www.example-blog.net/post", "https://yandex.ru/search/",
    ];

    private ShopEvent[] _events = [];
    private EventEnricher _enricher = null!;
    private UserAgentParser _interpreted = null!;
    private UserAgentParser _compiled = null!;
    private UserAgentParser _compiledNoPrefilter = null!;
    private string[] _coldAgents = [];
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var files = EnrichmentData.Locate();
        _interpreted = UserAgentParser.Load(files.UaRegexesPath, 100, UaRegexCompilation.Interpreted);
        _compiled = UserAgentParser.Load(files.UaRegexesPath, 100, UaRegexCompilation.Eager);
        _compiledNoPrefilter = UserAgentParser.Load(files.UaRegexesPath, 100, UaRegexCompilation.Eager);
        _compiledNoPrefilter.Prefilter = false;
        _enricher = new EventEnricher(IpGeolocator.Open(files.GeoIpPaths, watch: false), UserAgentParser.Load(files.UaRegexesPath, 20_000, UaRegexCompilation.Eager));

        var random = new Random(42);
        var agents = new List<string>();
        for (var v = 0; v < 40; v++)
        {
            foreach (var template in BaseAgents)
            {
                agents.Add(string.Format(System.Globalization.CultureInfo.InvariantCulture, template, 100 + v, v % 10));
            }
        }

        var ips = Enumerable.Range(0, 5_000).Select(_ => $"{random.Next(1, 223)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}").ToArray();
        var urls = Enumerable.Range(0, 600).Select(i => $"https://www.glamira.{Stores[i % Stores.Length]}/glamira-ring-model{i}-sku{i:D6}.html?alloy=white-375{(i % 7 == 0 ? "&utm_source=google&utm_medium=cpc&gclid=abc" + i : "")}").ToArray();
        _events = new ShopEvent[Events];
        for (var i = 0; i < Events; i++)
        {
            _events[i] = new ShopEvent
            {
                EventId = i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                EventTime = DateTimeOffset.UnixEpoch,
                Collection = "view_product_detail",
                Ip = ips[random.Next(ips.Length)],
                UserAgent = agents[random.Next(agents.Count)],
                CurrentUrl = urls[random.Next(urls.Length)],
                ReferrerUrl = ReferrerPool[random.Next(ReferrerPool.Length)],
                UtmSource = i % 50 == 0 ? "newsletter" : null,
            };
        }

        foreach (var e in _events)
        {
            _enricher.Enrich(e); // warm every cache
        }

        _coldAgents = [.. agents.Take(50)];
    }

    [GlobalCleanup]
    public void Cleanup() => _enricher.Dispose();

    /// <summary>Per-event cost with warm caches: divide 1 s by the mean to get events/s on one core.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public int EnrichWarm()
    {
        var bots = 0;
        foreach (var e in _events)
        {
            if (_enricher.Enrich(e).IsBot)
            {
                bots++;
            }
        }

        return bots;
    }

    [Benchmark]
    public UserAgentInfo ColdUaParseCompiled() => _compiled.ParseUncached(_coldAgents[_next++ % _coldAgents.Length]);

    /// <summary>Every rule tried in order, without the required-literal prefilter (issue 11's baseline).</summary>
    [Benchmark]
    public UserAgentInfo ColdUaParseCompiledNoPrefilter() => _compiledNoPrefilter.ParseUncached(_coldAgents[_next++ % _coldAgents.Length]);

    [Benchmark]
    public UserAgentInfo ColdUaParseInterpreted() => _interpreted.ParseUncached(_coldAgents[_next++ % _coldAgents.Length]);
}
