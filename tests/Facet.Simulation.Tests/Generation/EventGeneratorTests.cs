using System.Text;
using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Core.Parsing;
using Facet.Simulation.Generation;

namespace Facet.Simulation.Tests.Generation;

[Collection(GeneratorCollection.Name)]
public sealed class EventGeneratorTests(GeneratorFixture fixture)
{
    private static readonly EventParser Parser = new(new ParserOptions { Clock = new FixedClock(GeneratorFixture.Start.AddDays(3)) });

    [Fact]
    public void Next_gives_byte_identical_output_for_the_same_seed_and_options()
    {
        var options = GeneratorFixture.Options(7) with { Duplicates = 0.02, Malformed = 0.02, Late = 0.02 };
        var first = Generate(fixture.Create(options), 20_000);
        var second = Generate(fixture.Create(options), 20_000);
        var otherSeed = Generate(fixture.Create(options with { Seed = 8 }), 20_000);

        Assert.Equal(first, second);
        Assert.NotEqual(first, otherSeed);
        Assert.Equal(7, fixture.Create(options).ToTruth().Seed);
    }

    [Fact]
    public void Every_message_is_accepted_or_rejected_by_the_parser_exactly_as_the_truth_says()
    {
        // 5 events per simulated second from 22:00 UTC: the run crosses midnight.
        var generator = fixture.Create(GeneratorFixture.Options() with { Duplicates = 0.02, Malformed = 0.02, Late = 0.03, Bots = 0.05, TrackIds = true, EventsPerSecond = 5 });
        var acceptedIds = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0L;
        var rejected = new List<RejectedMessage>();
        var views = new Dictionary<(DateOnly, string), long>();
        var storeViews = new Dictionary<(DateOnly, string), long>();
        for (var sequence = 1L; sequence <= 60_000; sequence++)
        {
            var generated = generator.Next();
            var result = Parser.Parse(generated.Payload.ToArray(), SourcePosition.File("generated", sequence));
            if (!result.IsAccepted)
            {
                Assert.Equal(GeneratedEventKind.Malformed, generated.Kind);
                rejected.Add(new RejectedMessage(sequence, result.Rejection.Code));
                continue;
            }

            Assert.NotEqual(GeneratedEventKind.Malformed, generated.Kind);
            var e = result.Event;
            if (!seen.Add(e.EventId))
            {
                Assert.Equal(GeneratedEventKind.Duplicate, generated.Kind);
                duplicates++;
                continue;
            }

            Assert.NotEqual(GeneratedEventKind.Duplicate, generated.Kind);
            acceptedIds.Add(e.EventId);
            if (e.Collection == "view_product_detail")
            {
                var day = DateOnly.FromDateTime(e.EventTime.UtcDateTime);
                Assert.NotNull(e.ProductId);
                views[(day, e.ProductId)] = views.GetValueOrDefault((day, e.ProductId)) + 1;
                storeViews[(day, e.StoreId!)] = storeViews.GetValueOrDefault((day, e.StoreId!)) + 1;
            }
        }

        var truth = generator.ToTruth();
        Assert.Equal(60_000, truth.Messages);
        Assert.Equal(truth.RejectedMessages, rejected);
        Assert.Equal(truth.MalformedSent, rejected.Count);
        Assert.Equal(truth.Rejections.Values.Sum(), rejected.Count);
        Assert.Equal(truth.ValidEvents, acceptedIds.Count);
        Assert.Equal(truth.Ids, acceptedIds);
        Assert.Equal(truth.DuplicatesSent, duplicates);
        Assert.Equal(views.OrderBy(kv => kv.Key), truth.ViewsByDayProduct.ToDictionary(v => (v.Day, v.ProductId), v => v.Views).OrderBy(kv => kv.Key));
        Assert.Equal(storeViews.OrderBy(kv => kv.Key), truth.ViewsByDayStore.ToDictionary(v => (v.Day, v.StoreId), v => v.Views).OrderBy(kv => kv.Key));
        Assert.Equal(2, truth.ViewsByDayStore.Select(v => v.Day).Distinct().Count());
        // Every malformed kind occurs.
        Assert.Equal(7, truth.Rejections.Count);
    }

    [Fact]
    public void Injected_kinds_occur_at_the_requested_rates()
    {
        var generator = fixture.Create(GeneratorFixture.Options() with { Duplicates = 0.01, Malformed = 0.005, Late = 0.02, Bots = 0.04 });
        const int n = 200_000;
        var bots = 0;
        var lateHours = new List<double>();
        for (var i = 0; i < n; i++)
        {
            var e = generator.Next();
            if (e.IsBot && e.Kind is GeneratedEventKind.Valid or GeneratedEventKind.Late)
            {
                bots++;
            }
        }

        var counts = generator.Counts;
        Assert.Equal(n, counts.Messages);
        AssertNear(0.01, counts.Duplicates / (double)n);
        AssertNear(0.005, counts.Malformed / (double)n);
        AssertNear(0.02, counts.Late / (double)counts.DistinctValid);
        AssertNear(0.04, bots / (double)counts.DistinctValid);
        Assert.Equal(bots, counts.Bots);
    }

    [Fact]
    public void Late_events_are_one_to_six_hours_behind_the_simulated_clock()
    {
        var generator = fixture.Create(GeneratorFixture.Options() with { Late = 0.2 });
        var late = 0;
        for (var i = 0; i < 5_000; i++)
        {
            var generated = generator.Next();
            var e = Parser.Parse(generated.Payload.ToArray(), SourcePosition.File("g", i + 1)).Event!;
            var behind = generator.SimulatedTime - e.EventTime;
            if (generated.Kind == GeneratedEventKind.Late)
            {
                late++;
                Assert.InRange(behind.TotalHours, 0.99, 6.01);
            }
            else
            {
                Assert.InRange(behind.TotalSeconds, -1, 1);
            }
        }

        Assert.InRange(late, 800, 1_200);
    }

    [Fact]
    public void The_collection_mix_has_all_27_types_with_product_views_dominant_and_product_ids_only_where_they_belong()
    {
        var generator = fixture.Create(GeneratorFixture.Options());
        var byCollection = new Dictionary<string, int>();
        var withProduct = 0;
        const int n = 100_000;
        for (var i = 0; i < n; i++)
        {
            var e = Parser.Parse(generator.Next().Payload.ToArray(), SourcePosition.File("g", i + 1)).Event!;
            byCollection[e.Collection] = byCollection.GetValueOrDefault(e.Collection) + 1;
            if (e.ProductId is not null)
            {
                withProduct++;
            }

            if (e.Collection is "view_home_page" or "view_listing_page" or "view_shopping_cart" or "checkout" or "search_box_action")
            {
                Assert.Null(e.ProductId);
            }
        }

        Assert.Equal(27, byCollection.Count);
        Assert.Equal("view_product_detail", byCollection.MaxBy(kv => kv.Value).Key);
        Assert.InRange(byCollection["view_product_detail"] / (double)n, 0.30, 0.45);
        // product_id on ~56% of events, plus viewing_product_id (the parser's fallback) on product-page recommendations.
        Assert.InRange(withProduct / (double)n, 0.60, 0.75);
    }

    [Fact]
    public void The_stream_carries_every_quirk_of_the_real_one()
    {
        var generator = fixture.Create(GeneratorFixture.Options());
        var text = new StringBuilder();
        for (var i = 0; i < 50_000; i++)
        {
            text.Append(Encoding.UTF8.GetString(generator.Next().Payload.Span)).Append('\n');
        }

        var all = text.ToString();
        Assert.Contains("\"option\":\"\"", all, StringComparison.Ordinal);
        Assert.Contains("\"option\":{\"alloy\":", all, StringComparison.Ordinal);
        Assert.Contains("\"utm_source\":false", all, StringComparison.Ordinal);
        Assert.Contains("\"utm_source\":\"google\"", all, StringComparison.Ordinal);
        Assert.Contains("\"show_recommendation\":\"true; NEXTSMARTY_DEVICE_ID=", all, StringComparison.Ordinal);
        Assert.Contains("\"show_recommendation\":null", all, StringComparison.Ordinal);
        Assert.Contains("\"show_recommendation\":true", all, StringComparison.Ordinal);
        Assert.Matches("\"price\":\"\\d{1,3} \\d{3},\\d\\d\"", all);
        Assert.Matches("\"price\":\"\\d+\\.\\d\\d\"", all);
        Assert.Matches("\"order_id\":\\d+", all);
        Assert.Matches("\"order_id\":\"\\d+\"", all);
        Assert.Contains("\"order_id\":\"\"", all, StringComparison.Ordinal);
        Assert.Matches("\"time_stamp\":\"\\d+\"", all);
        Assert.Matches("\"time_stamp\":\\d{13}", all);
        Assert.Contains("\"viewing_product_id\":", all, StringComparison.Ordinal);
        Assert.Contains("\"recommendation_product_position\":\"\"", all, StringComparison.Ordinal);
        Assert.Contains("\"email\":\"", all, StringComparison.Ordinal);
        Assert.Matches("\"email_address\":\"[^\"]+@", all);
        Assert.Contains("https://www.glamira.de/glde/glamira-", all, StringComparison.Ordinal);
        Assert.Matches("glamira-[a-z-]+-sku\\d+\\.html", all);
        Assert.Contains("Googlebot", all, StringComparison.Ordinal);
        Assert.Contains("\"referrer_url\":\"https://www.google.", all, StringComparison.Ordinal);
    }

    [Fact]
    public void Generated_IPs_geolocate_to_the_intended_country_and_mostly_to_the_store_country()
    {
        using var geolocator = IpGeolocator.OpenFile(fixture.DatabasePath);
        var generator = fixture.Create(GeneratorFixture.Options() with { Bots = 0, Abroad = 0.08 });
        var stores = StoreCatalog.All.ToDictionary(s => s.StoreId, s => s.CountryCode);
        var matches = 0;
        var home = 0;
        const int n = 20_000;
        for (var i = 0; i < n; i++)
        {
            var generated = generator.Next();
            var e = Parser.Parse(generated.Payload.ToArray(), SourcePosition.File("g", i + 1)).Event!;
            var country = geolocator.Locate(e.Ip).CountryCode;
            if (country == generated.IpCountry)
            {
                matches++;
            }

            if (country == stores[e.StoreId!])
            {
                home++;
            }
        }

        Assert.Equal(n, matches);
        // Sessions are abroad 8% of the time, so about 92% of events come from the store's country.
        Assert.InRange(home / (double)n, 0.87, 0.96);
    }

    [Fact]
    public void Truth_document_round_trips_through_its_json_file()
    {
        var generator = fixture.Create(GeneratorFixture.Options() with { Malformed = 0.05, TrackIds = true });
        for (var i = 0; i < 2_000; i++)
        {
            generator.Next();
        }

        var truth = generator.ToTruth();
        var path = Path.Combine(Path.GetTempPath(), $"facet-truth-{Guid.NewGuid():N}.json");
        try
        {
            truth.WriteTo(path);
            var read = TruthDocument.Read(path);
            Assert.Equal(truth.ValidEvents, read.ValidEvents);
            Assert.Equal(truth.Rejections, read.Rejections);
            Assert.Equal(truth.RejectedMessages, read.RejectedMessages);
            Assert.Equal(truth.ViewsByDayProduct, read.ViewsByDayProduct);
            Assert.Equal(truth.Ids, read.Ids);
            Assert.Contains("\"valid_events\":", File.ReadAllText(path), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(-0.1, 0, "duplicates")]
    [InlineData(0, 1.5, "malformed")]
    public void Options_out_of_range_are_refused_with_the_name_of_the_value(double duplicates, double malformed, string name)
    {
        var ex = Assert.Throws<ArgumentException>(() => fixture.Create(GeneratorFixture.Options() with { Duplicates = duplicates, Malformed = malformed }));
        Assert.StartsWith(name, ex.Message, StringComparison.Ordinal);
    }

    private static void AssertNear(double expected, double actual) =>
        Assert.True(Math.Abs(actual - expected) <= expected * 0.15, $"expected about {expected:P2}, got {actual:P2}");

    private static byte[] Generate(EventGenerator generator, int count)
    {
        using var stream = new MemoryStream();
        for (var i = 0; i < count; i++)
        {
            stream.Write(generator.Next().Payload.Span);
            stream.WriteByte((byte)'\n');
        }

        return stream.ToArray();
    }
}
