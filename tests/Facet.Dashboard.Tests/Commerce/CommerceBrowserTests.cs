using System.Globalization;
using System.Net;
using Facet.Core.Commerce;
using Facet.Simulation.Commerce;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>
/// The Commerce page in Debian's Chromium: the KPI cards equal a C# recount of the generated world, the day, category
/// and country pickers change them, the CSV exports work, a new batch arrives over SSE without a reload, every panel
/// draws its commerce report, and nothing is requested from another host. Screenshots (laptop and phone widths) are
/// saved under the test output's TestResults/dashboard (docs/dashboard-commerce.png is the laptop one).
/// </summary>
public sealed class CommerceBrowserTests(CommerceDashboardFixture fixture, ITestOutputHelper output) : IClassFixture<CommerceDashboardFixture>
{
    /// <summary>Each panel and the columns of the report it draws (the commerce report contract of docs/reports.md).</summary>
    private static readonly Dictionary<string, string> Panels = new()
    {
        ["revenue-hourly"] = "hour,currency,orders,units,revenue,aov",
        ["top-products"] = "rank,product_id,product_name,category,currency,units,revenue,orders",
        ["top-categories"] = "rank,category,currency,units,revenue,orders",
        ["payment-methods"] = "payment_method,orders,successful,failed,failure_rate,currency,revenue",
        ["traffic-sources"] = "traffic_source,sessions,events,sessions_with_order,conversion_rate",
        ["device-types"] = "device_type,customers,sessions",
        ["customer-demographics"] = "gender,age_band,customers",
    };

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_page_shows_the_recounted_kpis_follows_the_day_category_and_country_pickers_exports_csv_and_updates_live()
    {
        await using var browser = await ChromiumPage.OpenAsync(fixture.Address);
        var page = browser.Page;
        var recount = fixture.Recount;
        var days = recount.OrderDays(TimeZoneInfo.Utc);
        await page.GotoAsync(fixture.Address + "/commerce");
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.updates) >= 1");
        var latest = recount.LatestDay(TimeZoneInfo.Utc);
        Assert.Equal(Day(latest), await page.EvaluateAsync<string>("() => document.body.dataset.date"));
        await WaitForKpisAsync(page, recount.Count(latest, TimeZoneInfo.Utc, null, null));
        Assert.Equal(CommerceTopics.All.Count, await page.Locator("#freshness tbody tr").CountAsync());
        Assert.Equal("/", await page.GetAttributeAsync("nav.pages a:not([aria-current])", "href"));
        await page.EvaluateAsync("() => { window.__sameDocument = true; }");

        // An earlier day, one category, one country: a selection with orders in it.
        var day = days.Last(d => d < latest);
        var category = recount.Categories.MaxBy(c => recount.Orders(day, TimeZoneInfo.Utc, c, CommerceWorld.OtherCountry).Count)!;
        Assert.True(recount.Orders(day, TimeZoneInfo.Utc, category, CommerceWorld.OtherCountry).Count >= 2, $"too few orders on {day} in {category} from {CommerceWorld.OtherCountry}");
        await page.SelectOptionAsync("#category", category);
        await WaitForKpisAsync(page, recount.Count(latest, TimeZoneInfo.Utc, category, null));
        Assert.Contains("category=" + WebUtility.UrlEncode(category), page.Url, StringComparison.Ordinal);
        await page.FillAsync("#date", Day(day));
        await WaitForKpisAsync(page, recount.Count(day, TimeZoneInfo.Utc, category, null));
        await page.SelectOptionAsync("#country", CommerceWorld.OtherCountry);
        var expected = recount.Count(day, TimeZoneInfo.Utc, category, CommerceWorld.OtherCountry);
        await WaitForKpisAsync(page, expected);
        Assert.Equal(Day(day), await page.EvaluateAsync<string>("() => document.body.dataset.date"));
        Assert.Contains($"date={Day(day)}", page.Url, StringComparison.Ordinal);

        // CSV exports of the cards and of the freshness table, for the selection shown.
        var (status, type, text) = await browser.FetchAsync((await page.GetAttributeAsync("#kpis-csv", "href"))!);
        Assert.Equal(200, status);
        Assert.StartsWith("text/csv", type, StringComparison.Ordinal);
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("date,tz,category,country,currency,orders,", lines[0], StringComparison.Ordinal);
        Assert.Equal(expected.Currencies.Count, lines.Length - 1);
        Assert.Equal(expected.Orders, lines.Skip(1).Sum(l => long.Parse(l.Split(',')[5], CultureInfo.InvariantCulture)));
        Assert.All(lines.Skip(1), l => Assert.StartsWith($"{Day(day)},UTC,{category},{CommerceWorld.OtherCountry},", l, StringComparison.Ordinal));
        (status, _, text) = await browser.FetchAsync((await page.GetAttributeAsync("#freshness-csv", "href"))!);
        Assert.Equal(200, status);
        Assert.Equal(CommerceTopics.All.Count + 1, text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        // A processor loads more orders of the selection: the cards update over SSE without a reload.
        var more = recount.Orders(day, TimeZoneInfo.Utc, category, CommerceWorld.OtherCountry).Take(2)
            .Select((o, i) => new CommerceItem(CommerceTopics.Transactions, o with { OrderId = $"live-{i}-{o.OrderId}", SessionId = null }, o.OrderId, CommerceItemKind.Valid, null, false))
            .ToList();
        await CommerceWorld.LoadAsync(fixture.Writer, fixture.Clock, more);
        await page.WaitForFunctionAsync("n => Number(document.querySelector('#kpi-orders .value').dataset.value) === n", expected.Orders + more.Count);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page reloaded instead of updating live");

        Assert.Empty(browser.Foreign);
        Assert.Empty(browser.Problems);
    }

    [Fact]
    public async Task Every_panel_draws_its_commerce_report_follows_the_category_picker_and_exports_it_as_csv()
    {
        await using var browser = await ChromiumPage.OpenAsync(fixture.Address);
        var page = browser.Page;
        await page.GotoAsync(fixture.Address + "/commerce");
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.updates) >= 1");
        foreach (var panel in Panels.Keys)
        {
            try
            {
                await page.WaitForFunctionAsync($"() => Number(document.getElementById('chart-{panel}').dataset.rows) > 0");
            }
            catch (TimeoutException)
            {
                var error = await page.EvaluateAsync<string?>($"() => document.getElementById('chart-{panel}').dataset.error ?? null");
                throw new TimeoutException($"panel {panel} drew no rows: {error ?? "no error either"}");
            }

            Assert.True(double.Parse(await page.EvalOnSelectorAsync<string>($"#chart-{panel}", "e => e.dataset.total"), CultureInfo.InvariantCulture) > 0, $"panel {panel} totals 0");
        }

        await WaitUntilDrawnAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsDirectory, "commerce-laptop.png"), FullPage = true });

        // Each panel's CSV link exports its report for the selection shown, with the report's columns.
        foreach (var (panel, columns) in Panels)
        {
            var href = (await page.GetAttributeAsync($"a[data-csv='{panel}']", "href"))!;
            var (status, type, text) = await browser.FetchAsync(href);
            Assert.True(status == 200, $"{panel} CSV {href}: HTTP {status} {text}");
            Assert.StartsWith("text/csv", type, StringComparison.Ordinal);
            var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(columns, lines[0]);
            Assert.True(lines.Length > 1, $"{panel} CSV has no rows");
        }

        // One category: the revenue and product panels show only it, and sum to the recount; the panels that count
        // orders, sessions or customers say they cover all categories.
        var recount = fixture.Recount;
        var day = DateOnly.ParseExact(await page.EvaluateAsync<string>("() => document.body.dataset.date"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var category = recount.Categories.MaxBy(c => recount.Orders(day, TimeZoneInfo.Utc, c, null).Count)!;
        var before = await page.EvalOnSelectorAsync<string>("#chart-top-products", "e => e.dataset.signature");
        await page.SelectOptionAsync("#category", category);
        var key = "category=" + WebUtility.UrlEncode(category);
        await page.WaitForFunctionAsync("k => document.getElementById('chart-revenue-hourly').dataset.key.includes(k) && document.getElementById('chart-top-products').dataset.key.includes(k)", key);
        Assert.NotEqual(before, await page.EvalOnSelectorAsync<string>("#chart-top-products", "e => e.dataset.signature"));
        Assert.DoesNotContain(key, await page.EvalOnSelectorAsync<string>("#chart-top-categories", "e => e.dataset.key"), StringComparison.Ordinal);
        Assert.True(await page.IsVisibleAsync("[data-all-categories='payment-methods']"), "the payment mix does not say it covers all categories");
        var expected = recount.Count(day, TimeZoneInfo.Utc, category, null);
        Assert.Equal(expected.Currencies.Sum(c => c.Revenue), decimal.Parse(await page.EvalOnSelectorAsync<string>("#chart-revenue-hourly", "e => e.dataset.total"), CultureInfo.InvariantCulture));
        var (_, _, products) = await browser.FetchAsync((await page.GetAttributeAsync("a[data-csv='top-products']", "href"))!);
        var productLines = products.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ToList();
        Assert.NotEmpty(productLines);
        Assert.All(productLines, l => Assert.Contains($",{category},", l, StringComparison.Ordinal));

        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForFunctionAsync("() => document.getElementById('chart-top-products').getBoundingClientRect().width <= 390");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the phone layout scrolls sideways");
        await WaitUntilDrawnAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsDirectory, "commerce-phone.png"), FullPage = true });
        output.WriteLine($"screenshots in {fixture.ArtifactsDirectory}");

        Assert.Empty(browser.Foreign);
        Assert.Empty(browser.Problems);
    }

    /// <summary>Waits until the cards show <paramref name="expected"/>: orders, revenue per currency, sessions with an order.</summary>
    private static async Task WaitForKpisAsync(IPage page, CommerceRecount.Expected expected)
    {
        var revenue = string.Join(';', expected.Currencies.Select(c => $"{c.Currency}:{c.Revenue.ToString("0.############", CultureInfo.InvariantCulture)}"));
        var conversion = $"{expected.SessionsWithOrder}/{expected.Sessions}";
        try
        {
            await page.WaitForFunctionAsync(
                "([orders, revenue, conversion]) => Number(document.querySelector('#kpi-orders .value').dataset.value) === orders"
                + " && document.querySelector('#kpi-revenue .value').dataset.value === revenue"
                + " && document.querySelector('#kpi-conversion .value').dataset.value === conversion",
                new object[] { expected.Orders, revenue, conversion });
        }
        catch (TimeoutException)
        {
            var shown = await page.EvaluateAsync<string>("() => ['orders', 'revenue', 'conversion'].map(k => document.querySelector(`#kpi-${k} .value`).dataset.value).join(' | ')");
            throw new TimeoutException($"the cards show {shown}, the recount {expected.Orders} | {revenue} | {conversion}");
        }
    }

    private static async Task WaitUntilDrawnAsync(IPage page)
    {
        foreach (var panel in Panels.Keys)
        {
            await page.WaitForFunctionAsync($"() => {{ const e = document.getElementById('chart-{panel}'); return e.dataset.drawn === e.dataset.signature; }}");
        }
    }
}
