using System.Globalization;
using System.Net;
using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>
/// <c>/api/commerce/kpis</c> (JSON and CSV) over a generated commerce world loaded through the entity streams' writers,
/// on every backend (PostgreSQL and DuckDB subclasses): every figure equals <see cref="CommerceRecount"/>, a C# recount
/// from the generated records. The loads and the dashboard share a settable clock, so freshness is exact.
/// </summary>
public abstract class CommerceKpiTests : IAsyncLifetime
{
    private static readonly TimeZoneInfo Jakarta = TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta");

    // Whole seconds: both backends keep microseconds, and the comparison is exact.
    private readonly SettableClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds()));
    private IWarehouse _writer = null!;
    private ReportService _reports = null!;
    private WebApplication _app = null!;
    private HttpClient _http = null!;

    protected CommerceKpiTests()
    {
        var end = _clock.GetUtcNow().AddHours(-1);
        World = CommerceWorld.Generate(seed: 18, end.AddHours(-40), end);
        Recount = new CommerceRecount(World);
    }

    protected CommerceWorld World { get; }

    protected CommerceRecount Recount { get; }

    protected abstract Task<WarehouseLocation> CreateLocationAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var location = await CreateLocationAsync();
        _writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions { TimeProvider = _clock }, null, CancellationToken.None);
        await _writer.MigrateAsync(CancellationToken.None);
        await World.LoadAsync(_writer, _clock, batchSize: 3000);
        _reports = ReportService.Open(location, time: _clock);
        _app = DashboardApp.Build(new DashboardOptions { Port = 0, TimeProvider = _clock }, _reports, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await _app.StartAsync();
        _http = new HttpClient { BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_reports is not null)
        {
            await _reports.DisposeAsync();
        }

        if (_writer is not null)
        {
            await _writer.DisposeAsync();
        }

        await CleanUpAsync();
    }

    [Fact]
    public async Task Kpis_of_each_day_category_and_country_equal_a_recount_of_the_generated_records()
    {
        var days = Recount.OrderDays(TimeZoneInfo.Utc);
        Assert.True(days.Count >= 2, $"the world spans {days.Count} day(s)");
        var categories = Recount.Categories;
        Assert.True(categories.Count >= 2, $"the catalog has {categories.Count} categories");
        var checkedOrders = 0L;
        foreach (var day in days)
        {
            foreach (var category in new[] { null, categories[0], categories[1] })
            {
                foreach (var country in new[] { null, CommerceWorld.OtherCountry, "Indonesia" })
                {
                    var expected = Recount.Count(day, TimeZoneInfo.Utc, category, country);
                    var query = Query(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "UTC", category, country);
                    using var kpis = JsonDocument.Parse(await _http.GetStringAsync("/api/commerce/kpis?" + query));
                    AssertKpis(expected, kpis.RootElement, $"{day} category={category} country={country}");
                    checkedOrders += expected.Orders;
                }
            }
        }

        Assert.True(checkedOrders > 100, $"only {checkedOrders} orders checked");

        // Days in the shop's own zone, and "latest": the local day of the newest commerce event.
        var jakartaDay = Recount.LatestDay(Jakarta);
        using (var latest = JsonDocument.Parse(await _http.GetStringAsync("/api/commerce/kpis?tz=Asia/Jakarta&date=latest")))
        {
            Assert.Equal(jakartaDay.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), latest.RootElement.GetProperty("day").GetString());
            AssertKpis(Recount.Count(jakartaDay, Jakarta, null, null), latest.RootElement, "latest in Asia/Jakarta");
        }

        // A country matches without regard to case, or by its ISO code, as in the commerce reports.
        var lastDay = Day(days[^1]);
        using (var byName = JsonDocument.Parse(await _http.GetStringAsync($"/api/commerce/kpis?date={lastDay}&country=indonesia")))
        using (var byCode = JsonDocument.Parse(await _http.GetStringAsync($"/api/commerce/kpis?date={lastDay}&country=ID")))
        {
            var expected = Recount.Count(days[^1], TimeZoneInfo.Utc, null, "Indonesia");
            AssertKpis(expected, byName.RootElement, "country=indonesia");
            AssertKpis(expected, byCode.RootElement, "country=ID");
        }

        // The pickers' choices: every category of the catalog, both countries.
        using var all = JsonDocument.Parse(await _http.GetStringAsync("/api/commerce/kpis"));
        Assert.Equal(categories, all.RootElement.GetProperty("categories").EnumerateArray().Select(e => e.GetString()!).ToList());
        Assert.Equal(["Indonesia", CommerceWorld.OtherCountry], all.RootElement.GetProperty("countries").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    [Fact]
    public async Task The_kpi_csv_has_one_line_per_currency_with_the_recounted_figures()
    {
        // A day and category with orders: the world ends an hour before now and spans 40 hours, so its first UTC day can
        // hold minutes of data and no order of a given category (the test then failed or passed by the wall clock).
        var (day, category, expected) = Recount.OrderDays(TimeZoneInfo.Utc)
            .SelectMany(d => Recount.Categories.Select(c => (Day: d, Category: c, Kpis: Recount.Count(d, TimeZoneInfo.Utc, c, null))))
            .First(x => x.Kpis.Currencies.Count > 0);
        using var response = await _http.GetAsync("/api/commerce/kpis.csv?" + Query(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "UTC", category, null));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("date,tz,category,country,currency,orders,successful_orders,failed_orders,units,revenue,average_order_value,sessions,sessions_with_order,conversion", lines[0]);
        Assert.Equal(expected.Currencies.Count, lines.Length - 1);
        foreach (var (line, currency) in lines.Skip(1).Zip(expected.Currencies))
        {
            var cells = line.Split(',');
            Assert.Equal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), cells[0]);
            Assert.Equal(category, cells[2]);
            Assert.Equal(currency.Currency, cells[4]);
            Assert.Equal(currency.Orders, long.Parse(cells[5], CultureInfo.InvariantCulture));
            Assert.Equal(currency.Successful, long.Parse(cells[6], CultureInfo.InvariantCulture));
            Assert.Equal(currency.Units, long.Parse(cells[8], CultureInfo.InvariantCulture));
            Assert.Equal(currency.Revenue, decimal.Parse(cells[9], CultureInfo.InvariantCulture));
            Assert.Equal(expected.Sessions, long.Parse(cells[11], CultureInfo.InvariantCulture));
            Assert.Equal(expected.SessionsWithOrder, long.Parse(cells[12], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task Stream_freshness_shows_while_data_arrives_and_then_the_time_of_the_last_load()
    {
        var loadedAt = _clock.GetUtcNow();
        _clock.Now = loadedAt.AddSeconds(20);
        var arriving = await StreamsAsync();
        Assert.Equal(CommerceTopics.All.Order(StringComparer.Ordinal), arriving.Keys.Order(StringComparer.Ordinal));
        foreach (var (stream, (records, latest)) in Recount.Streams)
        {
            var s = arriving[stream];
            Assert.Equal(records, s.GetProperty("records").GetInt64());
            AssertSameMicrosecond(latest!.Value, s.GetProperty("latest_event_time").GetDateTimeOffset(), stream);
            Assert.Equal(loadedAt, s.GetProperty("last_loaded_at").GetDateTimeOffset());
            Assert.Equal((_clock.Now - latest.Value).TotalSeconds, s.GetProperty("freshness_seconds").GetDouble(), 3);
        }

        // Products: one row per price version; its newest event is the newest version's start.
        var versions = World.Records<Product>().Select(p => (p.ProductId, p.UpdatedAt)).Distinct().ToList();
        Assert.Equal(versions.Count, arriving[CommerceTopics.Products].GetProperty("records").GetInt64());
        AssertSameMicrosecond(versions.Max(v => v.UpdatedAt)!.Value, arriving[CommerceTopics.Products].GetProperty("latest_event_time").GetDateTimeOffset(), "products");

        // Two minutes without a load: no freshness (it would be the data's age), the last load's time instead.
        _clock.Now = loadedAt.AddMinutes(2);
        foreach (var (stream, s) in await StreamsAsync())
        {
            Assert.Equal(JsonValueKind.Null, s.GetProperty("freshness_seconds").ValueKind);
            Assert.Equal(loadedAt, s.GetProperty("last_loaded_at").GetDateTimeOffset());
        }

        using var csv = await _http.GetAsync("/api/commerce/freshness.csv");
        var lines = (await csv.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("stream,records,latest_event_time,last_loaded_at,freshness_seconds", lines[0]);
        Assert.Equal(CommerceTopics.All.Count, lines.Length - 1);
        Assert.Contains(lines, l => l.StartsWith($"transactions,{Recount.Streams[CommerceTopics.Transactions].Records},", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kpis_are_cached_per_data_version_and_their_freshness_is_recomputed_for_now()
    {
        var counting = new CountingReportSource(_reports);
        await using var app = DashboardApp.Build(new DashboardOptions { Port = 0, TimeProvider = _clock }, counting, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single()) };
        try
        {
            var order = World.Records<Order>().MaxBy(o => o.CreatedAt)!;
            var url = $"/api/commerce/kpis?date={Day(DateOnly.FromDateTime(order.CreatedAt.UtcDateTime))}";
            var loadedAt = _clock.GetUtcNow();
            _clock.Now = loadedAt.AddSeconds(5);
            var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(_ => http.GetStringAsync(url)));
            Assert.Single(answers.Distinct());
            Assert.Equal(1, counting.CommerceKpis);

            // Later, same data: the cached answer, with freshness for the new instant.
            _clock.Now = loadedAt.AddSeconds(30);
            using (var later = JsonDocument.Parse(await http.GetStringAsync(url)))
            {
                Assert.Equal(1, counting.CommerceKpis);
                var orders = later.RootElement.GetProperty("streams").EnumerateArray().Single(s => s.GetProperty("stream").GetString() == CommerceTopics.Transactions);
                var latest = Recount.Streams[CommerceTopics.Transactions].Latest!.Value;
                Assert.Equal((_clock.Now - latest).TotalSeconds, orders.GetProperty("freshness_seconds").GetDouble(), 3);
            }

            // A logged batch moves the data version: the next request computes again and sees it.
            await CommerceWorld.LoadAsync(_writer, _clock, [new Facet.Simulation.Commerce.CommerceItem(CommerceTopics.Transactions, order with { OrderId = "cache-test-" + order.OrderId }, order.OrderId, Facet.Simulation.Commerce.CommerceItemKind.Valid, null, false)]);
            using var after = JsonDocument.Parse(await http.GetStringAsync(url));
            Assert.Equal(2, counting.CommerceKpis);
            using var before = JsonDocument.Parse(answers[0]);
            Assert.Equal(before.RootElement.GetProperty("orders").GetInt64() + 1, after.RootElement.GetProperty("orders").GetInt64());
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Fact]
    public async Task Bad_query_values_get_a_400_that_names_the_fix()
    {
        foreach (var (query, words) in new[] { ("tz=Mars/Olympus", "Mars/Olympus"), ("date=2024-02-30", "2024-02-30"), ("category=" + new string('x', 300), "category") })
        {
            using var response = await _http.GetAsync("/api/commerce/kpis?" + query);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains(words, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    private async Task<Dictionary<string, JsonElement>> StreamsAsync()
    {
        using var kpis = JsonDocument.Parse(await _http.GetStringAsync("/api/commerce/kpis"));
        return kpis.RootElement.GetProperty("streams").EnumerateArray().ToDictionary(s => s.GetProperty("stream").GetString()!, s => s.Clone());
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    // The warehouses keep microseconds; generated times carry 100 ns ticks.
    private static void AssertSameMicrosecond(DateTimeOffset expected, DateTimeOffset actual, string what) =>
        Assert.True(Math.Abs((expected - actual).Ticks) < 10, $"{what}: newest event {actual:O} != recount {expected:O}");

    private static string Query(string date, string tz, string? category, string? country)
    {
        var parts = new List<string> { "date=" + date, "tz=" + Uri.EscapeDataString(tz) };
        if (category is not null)
        {
            parts.Add("category=" + Uri.EscapeDataString(category));
        }

        if (country is not null)
        {
            parts.Add("country=" + Uri.EscapeDataString(country));
        }

        return string.Join('&', parts);
    }

    private static void AssertKpis(CommerceRecount.Expected expected, JsonElement kpis, string what)
    {
        Assert.True(expected.Orders == kpis.GetProperty("orders").GetInt64(), $"{what}: orders {kpis.GetProperty("orders")} != recount {expected.Orders}");
        var revenue = kpis.GetProperty("revenue").EnumerateArray().ToList();
        Assert.Equal(expected.Currencies.Select(c => c.Currency), revenue.Select(r => r.GetProperty("currency").GetString()));
        foreach (var (e, r) in expected.Currencies.Zip(revenue))
        {
            Assert.Equal(e.Orders, r.GetProperty("orders").GetInt64());
            Assert.Equal(e.Successful, r.GetProperty("successful_orders").GetInt64());
            Assert.Equal(e.Failed, r.GetProperty("failed_orders").GetInt64());
            Assert.Equal(e.Units, r.GetProperty("units").GetInt64());
            Assert.True(e.Revenue == r.GetProperty("revenue").GetDecimal(), $"{what}: revenue {r.GetProperty("revenue")} != recount {e.Revenue}");
            var aov = r.GetProperty("average_order_value");
            if (e.PaidWithLines == 0)
            {
                Assert.Equal(JsonValueKind.Null, aov.ValueKind);
            }
            else
            {
                Assert.Equal(Math.Round(e.Revenue / e.PaidWithLines, 2, MidpointRounding.AwayFromZero), aov.GetDecimal());
            }
        }

        Assert.Equal(expected.Currencies.Sum(c => c.Successful), kpis.GetProperty("successful_orders").GetInt64());
        Assert.True(expected.Sessions == kpis.GetProperty("sessions").GetInt64(), $"{what}: sessions {kpis.GetProperty("sessions")} != recount {expected.Sessions}");
        Assert.True(expected.SessionsWithOrder == kpis.GetProperty("sessions_with_order").GetInt64(), $"{what}: sessions with order {kpis.GetProperty("sessions_with_order")} != recount {expected.SessionsWithOrder}");
        var conversion = kpis.GetProperty("conversion");
        if (expected.Sessions == 0)
        {
            Assert.Equal(JsonValueKind.Null, conversion.ValueKind);
        }
        else
        {
            Assert.Equal((double)expected.SessionsWithOrder / expected.Sessions, conversion.GetDouble(), 12);
        }
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
