using System.Net;
using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Dashboard.Tests.Commerce;
using Facet.Simulation.Commerce;
using Facet.Testing;
using Microsoft.AspNetCore.Builder;

namespace Facet.Dashboard.Tests;

/// <summary>
/// The per-family data versions of the report cache (issue 20, docs/cache.md): a commit invalidates exactly the reports
/// over what it wrote. Against a real PostgreSQL warehouse, a real Redis and real commits through the warehouse writer.
/// </summary>
public sealed class ReportCacheFamilyTests(ReportCacheFixture fixture) : IClassFixture<ReportCacheFixture>
{
    private const string Product = "1003";

    [Fact]
    public async Task A_commerce_batch_leaves_clickstream_reports_cached_and_recomputes_commerce_ones_to_the_recount()
    {
        var source = new CountingReportSource(fixture.Reports);
        var (app, http) = await ReportCacheFixture.StartDashboardAsync(source, "redis://" + RedisServer.SharedAddress, RedisServer.NewPrefix());
        try
        {
            var start = new DateTimeOffset(fixture.Day.ToDateTime(new TimeOnly(1, 0)), TimeSpan.Zero);
            var items = CommerceWorld.Generate(seed: 2020, start, start.AddHours(4)).Items;
            var firstHalf = items.Take(items.Count / 2).ToList();
            await CommerceWorld.LoadAsync(fixture.Writer, TimeProvider.System, firstHalf, batchSize: firstHalf.Count);

            var views = await ViewsAsync(http);
            Assert.Equal(await fixture.RecountViewsAsync(Product), views);
            Assert.Equal(RecountOrders(firstHalf), await OrdersAsync(http));
            Assert.Equal(2, source.Reports);

            // A commerce-only batch: the commerce stream family moves, the clickstream's does not.
            var secondHalf = items.Skip(firstHalf.Count).ToList();
            Assert.Contains(secondHalf, i => i.Record is Order o && OnDay(o));
            await CommerceWorld.LoadAsync(fixture.Writer, TimeProvider.System, secondHalf, batchSize: secondHalf.Count);

            Assert.Equal(views, await ViewsAsync(http));
            Assert.Equal(2, source.Reports); // served from the cache: no warehouse query
            var orders = await OrdersAsync(http);
            Assert.Equal(3, source.Reports); // recomputed for the new commerce version
            Assert.Equal(RecountOrders(items), orders);
            Assert.True(orders > RecountOrders(firstHalf), "the second batch should add orders of the day");
        }
        finally
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_clickstream_batch_leaves_commerce_reports_cached_and_recomputes_clickstream_ones_to_the_recount()
    {
        var source = new CountingReportSource(fixture.Reports);
        var (app, http) = await ReportCacheFixture.StartDashboardAsync(source, "redis://" + RedisServer.SharedAddress, RedisServer.NewPrefix());
        try
        {
            var ordersBefore = await OrdersAsync(http);
            var views = await ViewsAsync(http);
            Assert.Equal(2, source.Reports);

            var noon = new DateTimeOffset(fixture.Day.ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            await fixture.CommitAsync(Enumerable.Range(0, 20).Select(i => fixture.Scenario.Create(noon.AddSeconds(i), product: 1003, bot: false)).ToList());

            Assert.Equal(ordersBefore, await OrdersAsync(http));
            Assert.Equal(2, source.Reports); // served from the cache: no warehouse query
            var recount = await fixture.RecountViewsAsync(Product);
            Assert.Equal(views + 20, recount);
            Assert.Equal(recount, await ViewsAsync(http));
            Assert.Equal(3, source.Reports); // recomputed for the new clickstream version
        }
        finally
        {
            http.Dispose();
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private bool OnDay(Order order) => DateOnly.FromDateTime(order.CreatedAt.UtcDateTime) == fixture.Day;

    /// <summary>Orders placed on the fixture's UTC day among <paramref name="items"/>, by order id (a duplicate counts once).</summary>
    private long RecountOrders(IEnumerable<CommerceItem> items) =>
        items.Select(i => i.Record).OfType<Order>().DistinctBy(o => o.OrderId).Count(OnDay);

    private async Task<long> ViewsAsync(HttpClient http)
    {
        using var body = await GetAsync(http, $"/api/reports/top-products?date={fixture.DayText}&limit=100");
        return body.RootElement.GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("product_id").GetString() == Product)
            .GetProperty("views").GetInt64();
    }

    private async Task<long> OrdersAsync(HttpClient http)
    {
        using var body = await GetAsync(http, $"/api/reports/orders?date={fixture.DayText}&tz=UTC");
        return body.RootElement.GetProperty("rows").EnumerateArray().Sum(r => r.GetProperty("orders").GetInt64());
    }

    private static async Task<JsonDocument> GetAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }
}
