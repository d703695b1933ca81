using System.Globalization;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;
using Facet.Testing;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// Every commerce entity report (issue 18) against the brute-force recount of the generated records
/// (<see cref="ShopOracle"/>), on each backend: one day and ranges, in UTC, Jakarta (+07), Kolkata (+05:30) and New
/// York's 25-hour day, with the country and category filters and limits.
/// </summary>
public abstract class ShopReportTests(ShopWorldFixture fixture)
{
    /// <summary>tz, first day, end day (exclusive), country, category, limit.</summary>
    public static TheoryData<string, string, string, string?, string?, int?> Periods => new()
    {
        { "UTC", "2024-11-02", "2024-11-03", null, null, null },
        { "Asia/Jakarta", "2024-11-01", "2024-11-03", null, null, null },
        { "America/New_York", "2024-11-03", "2024-11-04", null, null, null },
        { "Asia/Kolkata", "2024-11-02", "2024-11-03", "SG", null, 3 },
        { "UTC", "2024-11-01", "2024-11-04", "indonesia", "Footwear", null },
        { "Asia/Jakarta", "2024-11-02", "2024-11-03", null, "accessories", 5 },
    };

    private static DateOnly Day(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private async Task<ReportResult> RunAsync(ReportKind kind, ReportOptions options) => await fixture.Reports.RunAsync(kind, options);

    private static void Same(IReadOnlyList<ReportRow> expected, ReportResult actual, string what)
    {
        Assert.True(expected.SequenceEqual(actual.Rows), $"{what}:\nexpected {string.Join("\n         ", expected)}\nactual   {string.Join("\n         ", actual.Rows)}");
    }

    [Theory]
    [MemberData(nameof(Periods))]
    public async Task Every_commerce_report_equals_the_recount_from_the_generated_records(string tz, string from, string to, string? country, string? category, int? limit)
    {
        var first = Day(from);
        var until = Day(to);
        var options = new ReportOptions
        {
            Date = ReportDate.On(first),
            Until = until == first.AddDays(1) ? null : until,
            TimeZone = tz,
            Country = country,
            Limit = limit,
            Source = SalesSource.Commerce,
        };
        var withCategory = options with { Category = category };
        var oracle = new ShopOracle(fixture.World.Records, tz, first, until, country, null, limit);
        var oracleByCategory = new ShopOracle(fixture.World.Records, tz, first, until, country, category, limit);

        var revenue = await RunAsync(ReportKind.Revenue, withCategory);
        // Without --by: hours for one day, days for a longer range.
        Same(oracleByCategory.Revenue(byDay: options.Until is not null), revenue, "revenue");
        Assert.True(revenue.Rows.Count > 1, "the world has too few orders in this period");
        Assert.Equal(options.Until is null ? "hour" : "day", revenue.Columns[0]);
        Same(oracleByCategory.Revenue(byDay: true), await RunAsync(ReportKind.Revenue, withCategory with { Breakdown = CommerceBreakdown.Day }), "revenue by day");
        Same(oracleByCategory.Revenue(byDay: false), await RunAsync(ReportKind.Revenue, withCategory with { Breakdown = CommerceBreakdown.Hour }), "revenue by hour");
        Same(oracle.OrdersReport(byDay: false), await RunAsync(ReportKind.Orders, options with { Breakdown = CommerceBreakdown.Hour }), "orders by hour");
        Same(oracle.OrdersReport(byDay: true), await RunAsync(ReportKind.Orders, options with { Breakdown = CommerceBreakdown.Day }), "orders by day");
        Same(oracleByCategory.TopProductsByRevenue(), await RunAsync(ReportKind.TopProductsByRevenue, withCategory), "top-products-by-revenue");
        Same(oracleByCategory.TopProductsByUnits(), await RunAsync(ReportKind.TopProductsByUnits, withCategory), "top-products-by-units");
        Same(oracle.TopCategories(byUnits: false), await RunAsync(ReportKind.TopCategories, options), "top-categories");
        Same(oracle.TopCategories(byUnits: true), await RunAsync(ReportKind.TopCategories, options with { ByUnits = true }), "top-categories by units");
        Same(oracle.PaymentMethods(), await RunAsync(ReportKind.PaymentMethods, options), "payment-methods");
        Same(oracle.Promos(), await RunAsync(ReportKind.Promos, options), "promos");
        Same(oracle.Demographics(), await RunAsync(ReportKind.CustomerDemographics, options), "customer-demographics");
        Same(oracle.NewVsReturning(), await RunAsync(ReportKind.NewVsReturning, options), "new-vs-returning");
        Same(oracle.TrafficSources(), await RunAsync(ReportKind.TrafficSources, options), "traffic-sources");
        Same(oracle.SessionEvents(), await RunAsync(ReportKind.SessionEvents, options), "session-events");
        Same(oracle.DeviceTypes(), await RunAsync(ReportKind.DeviceTypes, options), "device-types");
        Same(oracleByCategory.ViewDuration(), await RunAsync(ReportKind.ViewDuration, withCategory), "view-duration");
        Same(oracleByCategory.Ratings(), await RunAsync(ReportKind.Ratings, withCategory), "ratings");
        var logs = options with { Country = null };
        Same(oracle.LogErrors(byDay: false), await RunAsync(ReportKind.LogErrors, logs with { Breakdown = CommerceBreakdown.Hour }), "log-errors by hour");
        Same(oracle.LogErrors(byDay: true), await RunAsync(ReportKind.LogErrors, logs with { Breakdown = CommerceBreakdown.Day }), "log-errors by day");
    }

    [Fact]
    public async Task The_world_exercises_every_branch_the_reports_distinguish()
    {
        var options = new ReportOptions { Date = ReportDate.On(new DateOnly(2024, 11, 1)), Until = new DateOnly(2024, 11, 4), Source = SalesSource.Commerce };
        var currencies = (await RunAsync(ReportKind.Revenue, options)).Rows.Select(r => (string)r.Values[1]!).ToHashSet();
        Assert.Equal(["IDR", "SGD"], currencies.Order());
        var orders = (await RunAsync(ReportKind.Orders, options)).Rows.Select(r => r.Values).ToList();
        for (var column = 2; column <= 5; column++)
        {
            Assert.True(orders.Sum(v => (long)v[column]!) > 0, $"no {ReportCatalog.ColumnsOf(ReportKind.Orders)[column]} orders");
        }

        var types = (await RunAsync(ReportKind.NewVsReturning, options with { Date = ReportDate.On(new DateOnly(2024, 11, 3)), Until = null })).Rows.Select(r => (string)r.Values[0]!).ToHashSet();
        Assert.Equal(["new", "returning"], types.Order());
        var demographics = (await RunAsync(ReportKind.CustomerDemographics, options)).Rows.Select(r => ((string)r.Values[0]!, (string)r.Values[1]!)).ToList();
        Assert.Contains(demographics, d => d.Item1 == "unknown");
        Assert.Contains(demographics, d => d.Item2 == "unknown");
        Assert.Contains((await RunAsync(ReportKind.DeviceTypes, options)).Rows, r => (string)r.Values[0]! == "(unknown)");
        // Lines without their own price: the product version valid at the order's time prices them.
        Assert.Contains(fixture.World.Records.Orders, o => o.Lines.Any(l => l.ItemPrice is null) && o.CreatedAt > ShopWorld.Start.AddDays(1));
    }

    [Fact]
    public async Task Latest_is_the_local_day_of_the_newest_commerce_event_and_the_same_for_every_commerce_report()
    {
        var newest = new[]
        {
            fixture.World.Records.Orders.Max(o => o.CreatedAt), fixture.World.Records.Views.Max(v => v.ViewedAt), fixture.World.Records.Clicks.Max(e => e.EventTime),
            fixture.World.Records.Interactions.Max(i => i.OccurredAt), fixture.World.Records.Logs.Max(l => l.LoggedAt),
        }.Max();
        var expected = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(newest.UtcDateTime, TimeZoneInfo.FindSystemTimeZoneById("Asia/Jakarta")));
        foreach (var kind in new[] { ReportKind.Orders, ReportKind.LogErrors, ReportKind.Ratings })
        {
            var result = await RunAsync(kind, new ReportOptions { TimeZone = "Asia/Jakarta" });
            Assert.Equal(expected, result.Day);
            Assert.Null(result.Until);
        }
    }

    [Fact]
    public async Task A_range_is_refused_by_the_view_reports_and_with_fx_and_bad_flags_name_the_fix()
    {
        var range = new ReportOptions { Date = ReportDate.On(new DateOnly(2024, 11, 1)), Until = new DateOnly(2024, 11, 3) };
        var error = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.TopProducts, range));
        Assert.StartsWith("top-products covers one day: use --date", error.Message);
        error = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.Orders, range with { Until = new DateOnly(2024, 11, 1) }));
        Assert.StartsWith("--to must be 1 to 366 days after --from", error.Message);
        error = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.Orders, range with { Date = ReportDate.Latest }));
        Assert.StartsWith("--to needs --from YYYY-MM-DD", error.Message);
        error = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.LogErrors, range with { Country = "ID" }));
        Assert.Equal("log-errors has no --country: system logs belong to no customer", error.Message);
        error = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.TopCategories, range with { Category = "Footwear" }));
        Assert.StartsWith("--category applies to", error.Message);
        error = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.Revenue, range with { Category = "Footwear" }));
        Assert.StartsWith("--category applies to", error.Message);
        Assert.Throws<ReportOptionsException>(() => Facet.Storage.Reports.Shop.ShopFlags.ParseSource(ReportKind.Orders, "commerce"));
        Assert.Throws<ReportOptionsException>(() => ReportPeriods.Parse("latest", "2024-11-01", "2024-11-02"));
        Assert.Equal((ReportDate.On(new DateOnly(2024, 11, 1)), new DateOnly(2024, 11, 2)), ReportPeriods.Parse(null, "2024-11-01", "2024-11-02"));
    }

    [Fact]
    public async Task The_clickstream_revenue_stays_the_default_and_reads_no_commerce_order()
    {
        // This warehouse holds commerce orders only: the default (clickstream) revenue finds no day with views.
        var result = await RunAsync(ReportKind.Revenue, new ReportOptions { Date = ReportDate.On(new DateOnly(2024, 11, 2)) });
        Assert.Empty(result.Rows);
        var commerce = await RunAsync(ReportKind.Revenue, new ReportOptions { Date = ReportDate.On(new DateOnly(2024, 11, 2)), Source = SalesSource.Commerce });
        Assert.NotEmpty(commerce.Rows);
        Assert.All(commerce.Rows, r => Assert.IsType<Facet.Storage.Reports.Shop.ShopRow>(r));
    }
}
