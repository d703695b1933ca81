using System.Net.Http.Headers;
using Facet.Dashboard.Caching;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;
using Microsoft.AspNetCore.Builder;
using StackExchange.Redis;

namespace Facet.Dashboard.Tests;

/// <summary>
/// <c>facet cache refresh</c> (issue 20) against a real PostgreSQL warehouse and the Redis ./test.sh starts: the warmed
/// answers are the ones a dashboard started afterwards serves without one report query to the warehouse, identical to
/// the answers computed without a cache; older data versions' entries leave Redis; Redis down is one clear error.
/// </summary>
public sealed class ReportCacheRefreshTests(ReportCacheFixture fixture) : IClassFixture<ReportCacheFixture>
{
    [Fact]
    public async Task Refreshed_reports_are_served_by_a_new_dashboard_from_redis_without_querying_the_warehouse()
    {
        var prefix = RedisServer.NewPrefix();
        var options = new DashboardOptions { Cache = "redis://" + RedisServer.SharedAddress, CacheKeyPrefix = prefix };
        var refreshing = new CountingReportSource(fixture.Reports);
        var result = await ReportCacheRefresh.RunAsync(options, refreshing, ["top-products", "top-countries"], fixture.DayText, CancellationToken.None);
        Assert.Equal(["top-products", "top-countries"], result.Warmed);
        Assert.Equal("redis " + RedisServer.SharedAddress, result.Level);
        Assert.Equal(2, refreshing.Reports);

        var reading = new CountingReportSource(fixture.Reports);
        var cached = await ReportCacheFixture.StartDashboardAsync(reading, "redis://" + RedisServer.SharedAddress, prefix);
        var uncached = await ReportCacheFixture.StartDashboardAsync(fixture.Reports, "off", prefix);
        try
        {
            foreach (var report in new[] { "top-products", "top-countries" })
            {
                var url = $"/api/reports/{report}?date={fixture.DayText}";
                var answer = await cached.Http.GetStringAsync(url);
                Assert.Contains("\"rows\":[{", answer, StringComparison.Ordinal);
                Assert.Equal(await uncached.Http.GetStringAsync(url), answer);
            }

            Assert.Equal(0, reading.Reports);

            // A report that was not refreshed still goes to the warehouse: the counter can tell.
            await cached.Http.GetStringAsync($"/api/reports/top-referrers?date={fixture.DayText}");
            Assert.Equal(1, reading.Reports);
        }
        finally
        {
            await StopAsync([cached, uncached]);
        }
    }

    [Fact]
    public async Task A_refreshed_page_opens_without_a_report_query_and_a_refresh_after_a_commit_removes_the_old_version()
    {
        var prefix = RedisServer.NewPrefix();
        var options = new DashboardOptions { Cache = "redis://" + RedisServer.SharedAddress, CacheKeyPrefix = prefix };
        var first = await ReportCacheRefresh.RunAsync(options, fixture.Reports, [], null, CancellationToken.None);
        Assert.StartsWith("dashboard page", Assert.Single(first.Warmed), StringComparison.Ordinal);

        var reading = new CountingReportSource(fixture.Reports);
        var dashboard = await ReportCacheFixture.StartDashboardAsync(reading, "redis://" + RedisServer.SharedAddress, prefix);
        try
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/live");
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await dashboard.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            string? snapshot = null;
            while (snapshot is null && await reader.ReadLineAsync() is { } line)
            {
                snapshot = line.StartsWith("data: ", StringComparison.Ordinal) ? line : null;
            }

            Assert.Contains("\"top-products\":", snapshot, StringComparison.Ordinal);
            Assert.Equal(0, reading.Reports);
        }
        finally
        {
            await StopAsync([dashboard]);
        }

        // A commit makes a new data version: the refresh after it warms that one and removes the old one's entries.
        var start = new DateTimeOffset(fixture.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await fixture.CommitAsync(fixture.Scenario.Generate(50, start, start.AddHours(1)));
        var second = await ReportCacheRefresh.RunAsync(options, fixture.Reports, [], null, CancellationToken.None);
        Assert.NotEqual(first.Version, second.Version);
        Assert.True(second.Removed >= 5, $"the first refresh's report entries should go (removed {second.Removed})");
        await using var redis = await ConnectionMultiplexer.ConnectAsync(RedisServer.SharedAddress);
        var keys = new List<string>();
        await foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(pattern: prefix + "report:*"))
        {
            keys.Add(key!);
        }

        Assert.NotEmpty(keys);
        // Report keys hold the versions of the families each report reads (here the clickstream's).
        var current = await fixture.Reports.GetDataVersionAsync();
        Assert.Equal(second.Version, current.ToString());
        Assert.All(keys, k => Assert.StartsWith(prefix + "report:" + current.KeyFor(StreamFamilies.Clickstream) + ":", k, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Redis_down_is_one_line_naming_the_fix_and_an_unknown_report_names_the_known_ones()
    {
        var down = new DashboardOptions { Cache = "redis://127.0.0.1:1", CacheKeyPrefix = RedisServer.NewPrefix() };
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => ReportCacheRefresh.RunAsync(down, fixture.Reports, [], null, CancellationToken.None));
        Assert.StartsWith("the Redis cache at 127.0.0.1:1 is unavailable (", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("start it, or refresh with --cache memory", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);

        var unknown = await Assert.ThrowsAsync<ArgumentException>(() => ReportCacheRefresh.RunAsync(new DashboardOptions(), fixture.Reports, ["top-nothing"], null, CancellationToken.None));
        Assert.StartsWith("unknown report 'top-nothing': use one of top-products, ", unknown.Message, StringComparison.Ordinal);

        var memory = await ReportCacheRefresh.RunAsync(new DashboardOptions(), fixture.Reports, ["top-products"], fixture.DayText, CancellationToken.None);
        Assert.Equal(("memory", 0), (memory.Level, memory.Removed));
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
