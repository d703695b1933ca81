using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Simulation.Commerce;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Storage.Streams;
using Facet.Testing;
using Microsoft.AspNetCore.Builder;

namespace Facet.Dashboard.Tests;

/// <summary>The report cache (issue 20) against a real PostgreSQL warehouse and a real Redis (./test.sh starts both).</summary>
public sealed class ReportCacheTests(ReportCacheFixture fixture) : IClassFixture<ReportCacheFixture>
{
    [Fact]
    public async Task Concurrent_identical_requests_on_three_dashboards_sharing_redis_query_the_warehouse_once()
    {
        var prefix = RedisServer.NewPrefix();
        var sources = Enumerable.Range(0, 3).Select(_ => new CountingReportSource(fixture.Reports)).ToList();
        var dashboards = new List<(WebApplication App, HttpClient Http)>();
        foreach (var source in sources)
        {
            dashboards.Add(await ReportCacheFixture.StartDashboardAsync(source, "redis://" + RedisServer.SharedAddress, prefix));
        }

        try
        {
            var url = $"/api/reports/top-products?date={fixture.DayText}&limit=20";
            var responses = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => dashboards[i % 3].Http.GetAsync(url)));
            var expected = DashboardData.ResultJson(await fixture.Reports.RunAsync(ReportKind.TopProducts, new ReportOptions { Date = ReportDate.On(fixture.Day), Limit = 20 }));
            foreach (var response in responses)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(expected, await response.Content.ReadAsStringAsync());
                response.Dispose();
            }

            Assert.Equal(1, sources.Sum(s => s.Reports));
            // The version is one tiny query per request at most; the report itself ran once for all 60.
            Assert.InRange(sources.Sum(s => s.Versions), 3, 60);
        }
        finally
        {
            await StopAsync(dashboards);
        }
    }

    [Fact]
    public async Task Every_report_is_cached_and_the_answer_from_redis_equals_the_computed_one_exactly()
    {
        // A small commerce world on the fixture's day beside its clickstream events, committed as one logged batch.
        var start = new DateTimeOffset(fixture.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var generator = new CommerceGenerator(new CommerceGeneratorOptions { Seed = 3, Start = start, Customers = 60, Products = 25, SessionsPerHour = 30 });
        var messages = new List<CommerceItem>();
        while (generator.Clock < start.AddHours(20))
        {
            messages.Add(generator.Next());
        }

        StreamRows Rows<T>(string topic)
            where T : class => fixture.Writer.Writer<T>(topic).Prepare([.. messages.Where(m => m.Topic == topic).Select(m => (T)m.Record)]);
        await fixture.Writer.WriteBatchAsync(
            new WarehouseBatch(
                [Rows<Customer>(CommerceTopics.Customers), Rows<Product>(CommerceTopics.Products), Rows<Order>(CommerceTopics.Transactions),
                 Rows<ProductView>(CommerceTopics.ProductViews), Rows<UserInteraction>(CommerceTopics.UserInteractions),
                 Rows<ClickEvent>(CommerceTopics.ClickStream), Rows<SystemLogEntry>(CommerceTopics.SystemLogs)],
                [], []) with { Info = new BatchInfo("commerce-worker", messages.Count, 0, DateTimeOffset.UtcNow) },
            CancellationToken.None);

        var prefix = RedisServer.NewPrefix();
        var computing = new CountingReportSource(fixture.Reports);
        var reading = new CountingReportSource(fixture.Reports);
        var first = await ReportCacheFixture.StartDashboardAsync(computing, "redis://" + RedisServer.SharedAddress, prefix);
        var second = await ReportCacheFixture.StartDashboardAsync(reading, "redis://" + RedisServer.SharedAddress, prefix);
        try
        {
            var queries = ReportCatalog.Names.Select(name => name switch
            {
                "store-views" => $"{name}?date={fixture.DayText}&country=DE",
                "hourly-product-views" => $"{name}?date={fixture.DayText}&product=1000",
                "revenue" or "top-products-by-revenue" => $"{name}?date={fixture.DayText}&source=commerce",
                _ => $"{name}?date={fixture.DayText}",
            }).Concat([
                $"funnel?date={fixture.DayText}&by=device", $"conversion?from={fixture.DayText}&to={fixture.Day.AddDays(1):yyyy-MM-dd}",
                $"revenue?from={fixture.Day.AddDays(-1):yyyy-MM-dd}&to={fixture.Day.AddDays(1):yyyy-MM-dd}&source=commerce&by=hour&tz=Asia/Jakarta",
                $"top-categories?date={fixture.DayText}&by_units=true", $"view-duration?date={fixture.DayText}&category=footwear&country=ID",
            ]).ToList();
            foreach (var query in queries)
            {
                var computed = await first.Http.GetStringAsync("/api/reports/" + query);
                var cached = await second.Http.GetStringAsync("/api/reports/" + query);
                Assert.Equal(computed, cached);
                Assert.Contains("\"rows\":[{", computed, StringComparison.Ordinal);
            }

            // Each report reached the warehouse once: the second dashboard read every answer from Redis.
            Assert.Equal(queries.Count, computing.Reports);
            Assert.Equal(0, reading.Reports);
        }
        finally
        {
            await StopAsync([first, second]);
        }
    }

    [Fact]
    public async Task Concurrent_identical_requests_without_redis_query_the_warehouse_once_and_health_names_no_second_level()
    {
        var source = new CountingReportSource(fixture.Reports);
        var dashboard = await ReportCacheFixture.StartDashboardAsync(source, null, RedisServer.NewPrefix());
        try
        {
            var url = $"/api/reports/top-countries?date={fixture.DayText}";
            var bodies = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => dashboard.Http.GetStringAsync(url)));
            Assert.Single(bodies.Distinct());
            Assert.Equal(1, source.Reports);

            using var health = JsonDocument.Parse(await dashboard.Http.GetStringAsync("/api/health"));
            var cache = health.RootElement.GetProperty("cache");
            Assert.Equal("memory", cache.GetProperty("level1").GetString());
            Assert.Equal("none", cache.GetProperty("level2").GetString());
            Assert.Equal("ok", cache.GetProperty("state").GetString());
        }
        finally
        {
            await StopAsync([dashboard]);
        }
    }

    [Fact]
    public async Task Window_answers_are_cached_and_shared_through_redis_like_reports()
    {
        var prefix = RedisServer.NewPrefix();
        var first = new CountingReportSource(fixture.Reports);
        var second = new CountingReportSource(fixture.Reports);
        var a = await ReportCacheFixture.StartDashboardAsync(first, "redis://" + RedisServer.SharedAddress, prefix);
        var b = await ReportCacheFixture.StartDashboardAsync(second, "redis://" + RedisServer.SharedAddress, prefix);
        try
        {
            var list = await a.Http.GetStringAsync("/api/windows");
            Assert.Equal(list, await b.Http.GetStringAsync("/api/windows"));
            Assert.Equal(list, await a.Http.GetStringAsync("/api/windows"));
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await a.Http.GetAsync("/api/windows/no-such-window")).StatusCode);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, (await b.Http.GetAsync("/api/windows/no-such-window")).StatusCode);

            // One warehouse read per distinct answer, whichever dashboard asked first.
            Assert.Equal(2, first.WindowLists + second.WindowLists);
        }
        finally
        {
            await StopAsync([a, b]);
        }
    }

    [Fact]
    public async Task A_committed_batch_is_in_the_next_answer_of_every_dashboard_and_matches_a_recount()
    {
        var prefix = RedisServer.NewPrefix();
        var first = new CountingReportSource(fixture.Reports);
        var second = new CountingReportSource(fixture.Reports);
        var dashboards = new List<(WebApplication App, HttpClient Http)>
        {
            await ReportCacheFixture.StartDashboardAsync(first, "redis://" + RedisServer.SharedAddress, prefix),
            await ReportCacheFixture.StartDashboardAsync(second, "redis://" + RedisServer.SharedAddress, prefix),
        };
        try
        {
            const string Product = "1003";
            var url = $"/api/reports/top-products?date={fixture.DayText}&limit=100";
            var before = await ViewsAsync(dashboards[0].Http, url, Product);
            Assert.Equal(before, await ViewsAsync(dashboards[1].Http, url, Product));
            Assert.Equal(1, first.Reports + second.Reports);

            var noon = new DateTimeOffset(fixture.Day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            await fixture.CommitAsync(Enumerable.Range(0, 25).Select(i => fixture.Scenario.Create(noon.AddSeconds(i), product: 1003, bot: false)).ToList());

            var recount = await fixture.RecountViewsAsync(Product);
            Assert.Equal(before + 25, recount);
            Assert.Equal(recount, await ViewsAsync(dashboards[1].Http, url, Product));
            Assert.Equal(recount, await ViewsAsync(dashboards[0].Http, url, Product));
            // The new version was computed once, by whichever dashboard asked first.
            Assert.Equal(2, first.Reports + second.Reports);
        }
        finally
        {
            await StopAsync(dashboards);
        }
    }

    [Fact]
    public async Task Redis_killed_mid_test_leaves_answers_correct_and_health_says_unavailable_until_it_returns()
    {
        await using var redis = await RedisServer.StartPrivateAsync();
        var source = new CountingReportSource(fixture.Reports);
        var dashboard = await ReportCacheFixture.StartDashboardAsync(source, "redis://" + redis.Address, RedisServer.NewPrefix());
        try
        {
            const string Product = "1007";
            var url = $"/api/reports/top-products?date={fixture.DayText}&limit=100";
            await ViewsAsync(dashboard.Http, url, Product);
            var health = await CacheHealthAsync(dashboard.Http);
            Assert.Equal(("redis", "ok"), (health.Level2, health.State));

            await redis.KillAsync();
            health = await Eventually.Until(() => CacheHealthAsync(dashboard.Http), h => h.State == "unavailable", TimeSpan.FromSeconds(20), "/api/health to report Redis unavailable");
            Assert.False(string.IsNullOrEmpty(health.Error));

            // Cached and uncached answers still come, right, with 200; a commit still shows.
            Assert.Equal(await fixture.RecountViewsAsync(Product), await ViewsAsync(dashboard.Http, url, Product));
            var noon = new DateTimeOffset(fixture.Day.ToDateTime(new TimeOnly(12, 30)), TimeSpan.Zero);
            await fixture.CommitAsync(Enumerable.Range(0, 10).Select(i => fixture.Scenario.Create(noon.AddSeconds(i), product: 1007, bot: false)).ToList());
            Assert.Equal(await fixture.RecountViewsAsync(Product), await ViewsAsync(dashboard.Http, url, Product));
            var countries = await dashboard.Http.GetAsync($"/api/reports/top-countries?date={fixture.DayText}");
            Assert.Equal(HttpStatusCode.OK, countries.StatusCode);
            Assert.Equal(
                DashboardData.ResultJson(await fixture.Reports.RunAsync(ReportKind.TopCountries, new ReportOptions { Date = ReportDate.On(fixture.Day) })),
                await countries.Content.ReadAsStringAsync());

            await redis.StartAsync();
            await Eventually.Until(() => CacheHealthAsync(dashboard.Http), h => h.State == "ok", TimeSpan.FromSeconds(30), "/api/health to report Redis back");
            Assert.Equal(await fixture.RecountViewsAsync(Product), await ViewsAsync(dashboard.Http, url, Product));
        }
        finally
        {
            await StopAsync([dashboard]);
        }
    }

    [Fact]
    public async Task Live_viewers_of_one_tick_share_its_version_read_and_snapshot()
    {
        var source = new CountingReportSource(fixture.Reports);
        var (app, http) = await ReportCacheFixture.StartDashboardAsync(source, new DashboardOptions { Port = 0, LiveInterval = TimeSpan.FromSeconds(1) });
        const int Viewers = 30;
        try
        {
            var streams = await Task.WhenAll(Enumerable.Range(0, Viewers).Select(_ => OpenLiveAsync(http)));
            // Everyone's first snapshot comes at connect time; what follows comes on shared ticks.
            await Task.WhenAll(streams.Select(s => NextSnapshotAsync(s.Reader)));
            var (versions, pipelines) = (source.Versions, source.Pipelines);
            var snapshots = await Task.WhenAll(streams.Select(async s =>
            {
                await NextSnapshotAsync(s.Reader);
                return await NextSnapshotAsync(s.Reader);
            }));
            Assert.All(snapshots, s => Assert.Contains("\"reports\"", s, StringComparison.Ordinal));
            // Two ticks for 30 viewers: one version read per tick (a little more when a tick's wake-ups straddle a
            // read), never one per viewer (60).
            Assert.InRange(source.Versions - versions, 1, 8);
            Assert.InRange(source.Pipelines - pipelines, 1, 8);
            foreach (var (response, reader) in streams)
            {
                reader.Dispose();
                response.Dispose();
            }
        }
        finally
        {
            await StopAsync([(app, http)]);
        }
    }

    private static async Task<(HttpResponseMessage Response, StreamReader Reader)> OpenLiveAsync(HttpClient http)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/live");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return (response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    private static async Task<string> NextSnapshotAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        throw new EndOfStreamException("the live stream ended");
    }

    private static async Task<long> ViewsAsync(HttpClient http, string url, string productId)
    {
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("product_id").GetString() == productId)
            .GetProperty("views").GetInt64();
    }

    private static async Task<(string Level2, string State, string? Error)> CacheHealthAsync(HttpClient http)
    {
        using var response = await http.GetAsync("/api/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var cache = body.RootElement.GetProperty("cache");
        return (cache.GetProperty("level2").GetString()!, cache.GetProperty("state").GetString()!, cache.GetProperty("error").GetString());
    }

    private static async Task StopAsync(IEnumerable<(WebApplication App, HttpClient Http)> dashboards)
    {
        foreach (var (app, http) in dashboards)
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
