using System.Globalization;
using System.Text;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Facet.Core.Events;
using Facet.Core.Parsing;

namespace Facet.Benchmarks;

/// <summary>
/// EventParser over a realistic mix of Glamira-style lines: ~70 % view_product_detail (half with options), cart and
/// checkout events with cart_products, recommendation and listing events, quirks (numeric-string and millisecond
/// time_stamp, dirty show_recommendation, locale prices, local_time fallback, unknown fields) and ~1 % malformed lines.
/// Results are per event (OperationsPerInvoke); on a shared machine read the Min column. See BENCHMARKS.md, "Parsing (issue 4)".
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class ParseBenchmarks
{
    private const int Events = 2000;

    private static readonly string[] UserAgents =
    [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 13_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1 Mobile/15E148 Safari/604.1",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/83.0.4103.61 Safari/537.36",
        "Mozilla/5.0 (Linux; Android 10; SM-G973F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/83.0.4103.96 Mobile Safari/537.36",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:77.0) Gecko/20100101 Firefox/77.0",
    ];

    private static readonly string[] Domains = ["glamira.de", "glamira.fr", "glamira.co.uk", "glamira.cl", "glamira.se", "glamira.it", "glamira.pl", "glamira.com"];
    private static readonly string[] Others = ["view_home_page", "view_listing_page", "product_detail_recommendation_visible", "product_detail_recommendation_noticed", "search_box_action", "view_static_page", "select_product_option", "view_shopping_cart"];

    private readonly EventParser _parser = new(new ParserOptions { Clock = new FixedClock(new DateTimeOffset(2020, 6, 5, 0, 0, 0, TimeSpan.Zero)) });
    private byte[][] _messages = [];

    public int Rejected { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20200604);
        _messages = new byte[Events][];
        for (var i = 0; i < Events; i++)
        {
            _messages[i] = Encoding.UTF8.GetBytes(Line(random, i));
        }

        Rejected = 0;
        foreach (var m in _messages)
        {
            Rejected += _parser.Parse(m, default).IsAccepted ? 0 : 1;
        }

        if (Rejected is < Events / 200 or > Events / 50)
        {
            throw new InvalidOperationException($"the mix should reject ~1 % of lines, rejected {Rejected} of {Events}");
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "EventParser.Parse (per event)")]
    public int Parse()
    {
        var accepted = 0;
        var position = SourcePosition.Kafka("product_view", 0, 0);
        foreach (var message in _messages)
        {
            accepted += _parser.Parse(message, position).IsAccepted ? 1 : 0;
        }

        return accepted;
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "JsonDocument.Parse only (per event)")]
    public int JsonDocumentBaseline()
    {
        var count = 0;
        foreach (var message in _messages)
        {
            try
            {
                using var doc = JsonDocument.Parse(message);
                count += doc.RootElement.ValueKind == JsonValueKind.Object ? 1 : 0;
            }
            catch (JsonException)
            {
            }
        }

        return count;
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Utf8JsonReader token scan only (per event)")]
    public int ReaderScanFloor()
    {
        // The floor: visiting every token without materializing anything.
        var tokens = 0;
        foreach (var message in _messages)
        {
            try
            {
                var reader = new Utf8JsonReader(message);
                while (reader.Read())
                {
                    tokens++;
                }
            }
            catch (JsonException)
            {
            }
        }

        return tokens;
    }

    private static string Line(Random random, int i)
    {
        var id = new Guid(random.Next(), (short)random.Next(), (short)random.Next(), (byte)random.Next(256), 1, 2, 3, 4, 5, 6, 7).ToString();
        var ts = 1591200000 + random.Next(80000);
        var domain = Domains[random.Next(Domains.Length)];
        var ua = UserAgents[random.Next(UserAgents.Length)];
        var product = random.Next(10000, 120000).ToString(CultureInfo.InvariantCulture);
        var ip = $"{random.Next(1, 223)}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}";
        var roll = random.Next(1000);
        var timeStamp = roll % 7 == 0 ? $"\"{ts}\"" : roll % 11 == 0 ? $"{ts}123" : ts.ToString(CultureInfo.InvariantCulture);
        var show = roll % 13 == 0 ? "\"true; NEXTSMARTY_DEVICE_ID=9c5c7a35-f1e4-4a7c-9c49-5e7ad2b9a1c0\"" : roll % 2 == 0 ? "\"false\"" : "true";
        var common = $"\"_id\":\"5ed8{random.Next():x8}c671fc36b7\",\"time_stamp\":{timeStamp},\"ip\":\"{ip}\",\"user_agent\":\"{ua}\",\"resolution\":\"375x667\",\"user_id_db\":\"\",\"device_id\":\"{Guid.NewGuid()}\",\"api_version\":\"1.0\",\"store_id\":\"{random.Next(1, 90)}\",\"local_time\":\"2020-06-04 17:21:32\",\"show_recommendation\":{show},\"current_url\":\"https://www.{domain}/glamira-ring-{product}.html?alloy=white-375\",\"referrer_url\":\"https://www.google.com/\",\"email_address\":\"\",\"recommendation\":false,\"utm_source\":false,\"utm_medium\":false";
        if (roll < 10)
        {
            // ~1 % malformed: cut short, or no id.
            return roll % 2 == 0 ? $"{{\"id\":\"{id}\",{common}" : $"{{{common},\"collection\":\"view_product_detail\"}}";
        }

        if (roll < 700)
        {
            var option = roll % 2 == 0
                ? ",\"option\":[{\"option_label\":\"alloy\",\"option_id\":\"332084\",\"value_label\":\"\",\"value_id\":\"3279318\"},{\"option_label\":\"diamond\",\"option_id\":\"\",\"value_label\":\"\",\"value_id\":\"\"}]"
                : roll % 5 == 0 ? ",\"option\":\"\"" : string.Empty;
            return $"{{{common},\"collection\":\"view_product_detail\",\"product_id\":\"{product}\"{option},\"id\":\"{id}\"}}";
        }

        if (roll < 800)
        {
            var price = roll % 3 == 0 ? "22 688,00" : roll % 3 == 1 ? "915,00" : "316.00";
            return $"{{{common},\"collection\":\"checkout\",\"order_id\":\"\",\"cart_products\":[{{\"product_id\":{product},\"amount\":1,\"price\":\"{price}\",\"currency\":\"€\",\"option\":[{{\"option_label\":\"alloy\",\"option_id\":\"328026\",\"value_label\":\"Yellow 585\",\"value_id\":\"3277406\"}}]}}],\"id\":\"{id}\"}}";
        }

        if (roll < 850)
        {
            return $"{{\"id\":\"{id}\",\"local_time\":\"2020-06-04 17:21:32\",\"collection\":\"select_product_option\",\"ip\":\"{ip}\",\"user_agent\":\"{ua}\",\"store_id\":\"6\",\"option\":{{\"alloy\":\"gold\"}},\"price\":\"1.234,56\",\"currency\":\"kr\",\"viewing_product_id\":\"{product}\",\"ab_bucket\":\"B\"}}";
        }

        var other = Others[random.Next(Others.Length)];
        return $"{{{common},\"collection\":\"{other}\",\"recommendation_product_id\":\"{product}\",\"recommendation_product_position\":\"\",\"key_search\":\"bague or\",\"id\":\"{id}\"}}";
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
