using System.Globalization;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// Revenue, top products by revenue, conversion and funnels against the brute-force recount of the raw events
/// (<see cref="CommerceOracle"/>), on each backend, in UTC, Berlin's 25-hour day and Kolkata's +05:30.
/// </summary>
public abstract class CommerceReportTests(CommerceFixture fixture)
{
    private static readonly string[] EventBreakdowns = ["all", "store", "country", "medium", "campaign", "device", "browser"];

    public static TheoryData<string, string> Days => new()
    {
        { "UTC", "2024-10-26" },
        { "Europe/Berlin", "2024-10-27" },
        { "Asia/Kolkata", "2024-10-28" },
    };

    private static ReportOptions On(string tz, string date) =>
        new() { Date = ReportDate.On(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture)), TimeZone = tz };

    private static DateOnly Day(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Theory]
    [MemberData(nameof(Days))]
    public async Task Revenue_by_every_breakdown_equals_the_recount_from_raw_events(string tz, string date)
    {
        foreach (var by in (string[])["hour", "day", .. EventBreakdowns])
        {
            var options = On(tz, date) with { Breakdown = CommerceBreakdowns.Parse(ReportKind.Revenue, by) };
            var result = await fixture.Reports.RunAsync(ReportKind.Revenue, options);
            var expected = CommerceOracle.Revenue(fixture.Events, tz, Day(date), by, includeBots: false);
            Assert.True(expected.Count > 1 || by is "all" or "day", $"{by}: the scenario has too few orders on {date}");
            Assert.Equal(expected, result.Rows);
            Assert.Equal((string[])[by, "currency", "orders", "units", "revenue", "aov"], result.Columns);
        }
    }

    [Fact]
    public async Task Revenue_keeps_every_currency_apart_and_resolves_shared_symbols_by_the_store_country()
    {
        var result = await fixture.Reports.RunAsync(ReportKind.Revenue, On("UTC", "2024-10-26") with { Breakdown = CommerceBreakdown.None });
        var currencies = result.Rows.Cast<RevenueRow>().Select(r => r.Currency).ToList();
        Assert.Equal(currencies.Distinct(), currencies);
        // Chile's pesos and the generic domain's dollars are both "$" in the stream; Swedish and Danish kronor both "kr".
        Assert.Subset(new HashSet<string> { "EUR", "GBP", "CLP", "$", "SEK", "DKK" }, currencies.ToHashSet());
        Assert.Contains("CLP", currencies);
        Assert.Contains("$", currencies);
    }

    [Fact]
    public async Task Revenue_with_a_rate_table_is_summed_in_the_base_currency_and_names_the_rate_dates()
    {
        var fx = FxRates.Parse("rates.csv",
        [
            "date,currency,rate_to_base,base",
            "2024-10-20,GBP,1.17,EUR", "2024-10-26,GBP,1.2,EUR", "2024-10-30,GBP,9,EUR",
            "2024-10-01,CLP,0.00098,EUR", "2024-10-25,$,0.93,EUR", "2024-10-24,SEK,0.087,EUR", "2024-10-26,DKK,0.134,EUR",
        ]);
        foreach (var by in new[] { "all", "hour", "store" })
        {
            var options = On("UTC", "2024-10-26") with { Breakdown = CommerceBreakdowns.Parse(ReportKind.Revenue, by), Fx = fx };
            var result = await fixture.Reports.RunAsync(ReportKind.Revenue, options);
            Assert.Equal(CommerceOracle.Revenue(fixture.Events, "UTC", new DateOnly(2024, 10, 26), by, includeBots: false, fx), result.Rows);
            Assert.Equal("rate_dates", result.Columns[^1]);
        }

        var total = (RevenueRow)Assert.Single((await fixture.Reports.RunAsync(ReportKind.Revenue, On("UTC", "2024-10-26") with { Breakdown = CommerceBreakdown.None, Fx = fx })).Rows);
        Assert.Equal("EUR", total.Currency);
        Assert.Equal("$ 2024-10-25, CLP 2024-10-01, DKK 2024-10-26, EUR 2024-10-26, GBP 2024-10-26, SEK 2024-10-24", total.RateDates);

        var noRate = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.Revenue, On("UTC", "2024-10-26") with { Fx = FxRates.Parse("eur.csv", ["2024-10-26,GBP,1.2,EUR"]) }));
        Assert.Matches(@"^--fx eur\.csv has no (CLP|SEK|DKK|\$) rate dated on or before 2024-10-26: add a line 2024-10-26,\S+,RATE,EUR$", noRate.Message);
    }

    [Theory]
    [MemberData(nameof(Days))]
    public async Task Top_products_by_revenue_rank_within_each_currency_like_the_recount(string tz, string date)
    {
        var options = On(tz, date) with { Limit = 3 };
        var rows = (await fixture.Reports.RunAsync(ReportKind.TopProductsByRevenue, options)).Rows.Cast<ProductRevenueRow>().ToList();
        var expected = CommerceOracle.ProductRevenue(fixture.Events, tz, Day(date))
            .GroupBy(p => p.Currency).SelectMany(g => g.Take(3).Select((p, i) => (Rank: i + 1, p))).ToList();
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var (rank, p) = expected[i];
            Assert.Equal(new ProductRevenueRow(rank, p.ProductId, "Glamira Ring " + p.ProductId, p.Currency, p.Units, p.Revenue, p.Orders), rows[i]);
        }
    }

    [Theory]
    [MemberData(nameof(Days))]
    public async Task Conversion_by_every_breakdown_equals_the_recount_from_raw_events(string tz, string date)
    {
        foreach (var by in EventBreakdowns)
        {
            var result = await fixture.Reports.RunAsync(ReportKind.Conversion, On(tz, date) with { Breakdown = CommerceBreakdowns.Parse(ReportKind.Conversion, by) });
            var expected = CommerceOracle.Conversion(fixture.Events, tz, Day(date), by);
            Assert.Contains(expected.Cast<ConversionRow>(), r => r.SessionsWithOrder > 0);
            Assert.Equal(expected, result.Rows);
            Assert.Equal((string[])[by, "sessions", "sessions_with_order", "conversion_rate"], result.Columns);
            // Every zone here has quarter-hour offsets (Kolkata's +05:30 too): the session rollup answers.
            Assert.Equal(ReportSourceKind.Rollups, result.Source);
        }
    }

    [Theory]
    [MemberData(nameof(Days))]
    public async Task The_shop_funnel_in_both_modes_and_every_breakdown_equals_the_recount(string tz, string date)
    {
        foreach (var funnel in new[] { FunnelDefinition.Shop, FunnelDefinition.Shop with { Name = "shop-any", Mode = FunnelMode.AnyOrder } })
        {
            foreach (var by in EventBreakdowns)
            {
                var result = await fixture.Reports.RunAsync(ReportKind.Funnel, On(tz, date) with { Funnel = funnel, Breakdown = CommerceBreakdowns.Parse(ReportKind.Funnel, by) });
                var expected = CommerceOracle.Funnel(fixture.Events, tz, Day(date), by, funnel);
                Assert.Contains(expected.Cast<FunnelRow>(), r => r.Step == 6 && r.Entered > 0);
                Assert.Equal(expected, result.Rows);
            }
        }
    }

    [Fact]
    public async Task Strict_and_any_order_funnels_differ_where_steps_come_out_of_order()
    {
        var options = On("UTC", "2024-10-26");
        var strict = (await fixture.Reports.RunAsync(ReportKind.Funnel, options)).Rows.Cast<FunnelRow>().ToList();
        var any = (await fixture.Reports.RunAsync(ReportKind.Funnel, options with { Funnel = FunnelDefinition.Shop with { Mode = FunnelMode.AnyOrder } })).Rows.Cast<FunnelRow>().ToList();
        Assert.Equal(6, strict.Count);
        Assert.True(any[5].Entered > strict[5].Entered, $"any order {any[5].Entered} vs strict {strict[5].Entered}");
        Assert.All(strict.Take(5), r => Assert.Equal(r.Entered - r.Converted, r.DropOff));
        Assert.Equal(1.0, strict[0].ConversionFromFirst);
    }

    [Fact]
    public async Task A_funnel_from_a_config_file_with_step_filters_and_a_short_window_equals_the_recount()
    {
        var catalog = FunnelCatalog.Parse("funnels.json", """
            {"funnels": [{"name": "ring-100-de", "window": "5m", "mode": "strict",
                          "steps": [{"collection": "view_product_detail", "product": "100"},
                                    {"collection": "add_to_cart_action", "store": "glamira.de"},
                                    {"collection": "checkout_success", "store": "1"}]}]}
            """);
        var funnel = catalog.Find("ring-100-de");
        Assert.Equal(TimeSpan.FromMinutes(5), funnel.Window);
        foreach (var (tz, date) in new[] { ("UTC", "2024-10-26"), ("Europe/Berlin", "2024-10-27") })
        {
            foreach (var by in new[] { "all", "country" })
            {
                var result = await fixture.Reports.RunAsync(ReportKind.Funnel, On(tz, date) with { Funnel = funnel, Breakdown = CommerceBreakdowns.Parse(ReportKind.Funnel, by) });
                var expected = CommerceOracle.Funnel(fixture.Events, tz, Day(date), by, funnel);
                Assert.Contains(expected.Cast<FunnelRow>(), r => r.Step == 2 && r.Entered > 0);
                Assert.Equal(expected, result.Rows);
                Assert.Equal("funnel ring-100-de, strict order, window 00:05:00", result.Detail);
            }
        }
    }

    [Fact]
    public async Task Bad_breakdowns_funnels_and_rate_files_fail_with_one_line_naming_the_fix()
    {
        var hour = await Assert.ThrowsAsync<ReportOptionsException>(() => fixture.Reports.RunAsync(ReportKind.Conversion, On("UTC", "2024-10-26") with { Breakdown = CommerceBreakdown.Hour }));
        Assert.Equal("--by for conversion must be one of all, store, country, medium, campaign, device, browser (got 'hour')", hour.Message);
        var unknown = Assert.Throws<ReportOptionsException>(() => FunnelCatalog.Default.Find("checkout"));
        Assert.Equal("unknown funnel 'checkout': use one of shop or define it in a --funnels file", unknown.Message);
        var oneStep = Assert.Throws<ReportOptionsException>(() => FunnelCatalog.Parse("f.json", """{"funnels":[{"name":"x","steps":[{"collection":"checkout"}]}]}"""));
        Assert.Equal("funnel 'x' must have 2 to 20 steps (has 1)", oneStep.Message);
        var badLine = Assert.Throws<ReportOptionsException>(() => FxRates.Parse("r.csv", ["date,currency,rate_to_base,base", "2024-10-26;GBP;1.2;EUR"]));
        Assert.StartsWith("--fx r.csv line 2: expected date,currency,rate_to_base,base", badLine.Message, StringComparison.Ordinal);
    }
}
