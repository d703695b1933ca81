using System.Globalization;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Facet.Dashboard.Tests;

/// <summary>
/// The page in Debian's Chromium, driven by Playwright (no downloaded browser): every chart draws data, the country
/// picker changes the store chart, and a live update arrives over SSE without a reload. Screenshots (laptop and phone
/// widths) are saved under the test output's TestResults/dashboard.
/// </summary>
public sealed class DashboardBrowserTests(DashboardFixture fixture, ITestOutputHelper output) : IClassFixture<DashboardFixture>
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string[] Charts = ["top-countries", "top-products", "top-referrers", "store-views", "hourly-product-views", "hourly-browser-os", "funnel", "revenue-hourly"];

    [Fact]
    public async Task The_page_draws_every_chart_follows_the_country_picker_and_updates_live()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: ./test.sh installs it (apt-get install chromium)");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var problems = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                problems.Add("console: " + message.Text);
            }
        };
        page.PageError += (_, error) => problems.Add("page error: " + error);
        // Everything must come from the dashboard itself: any other request fails the test.
        var foreign = new List<string>();
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(fixture.Address, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                foreign.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });

        await page.GotoAsync(fixture.Address);
        await page.WaitForFunctionAsync("() => Number(document.body.dataset.updates) >= 1");
        foreach (var chart in Charts)
        {
            await page.WaitForFunctionAsync($"() => Number(document.getElementById('chart-{chart}').dataset.total) > 0");
        }

        await page.EvaluateAsync("() => { window.__sameDocument = true; }");
        await WaitUntilDrawnAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsDirectory, "dashboard-laptop.png"), FullPage = true });

        // Pick another country: the store chart follows it and shows that country's stores.
        var country = await page.EvalOnSelectorAsync<string>("#chart-store-views", "e => e.dataset.key");
        var before = await page.EvalOnSelectorAsync<string>("#chart-store-views", "e => e.dataset.signature");
        var options = await page.EvalOnSelectorAllAsync<string[]>("#country option", "os => os.map(o => o.value)");
        var other = options.First(o => o != country && o is "FR" or "US" or "GB" or "IT");
        await page.SelectOptionAsync("#country", other);
        await page.WaitForFunctionAsync("c => document.getElementById('chart-store-views').dataset.key === c", other);
        Assert.NotEqual(before, await page.EvalOnSelectorAsync<string>("#chart-store-views", "e => e.dataset.signature"));
        var stores = await fixture.Reports.RunAsync(ReportKind.StoreViews, new ReportOptions { Country = other });
        var drawnTotal = long.Parse(await page.EvalOnSelectorAsync<string>("#chart-store-views", "e => e.dataset.total"), CultureInfo.InvariantCulture);
        Assert.Equal(stores.Rows.Cast<StoreViewRow>().Sum(r => r.Views), drawnTotal);
        Assert.Contains($"country={other}", page.Url, StringComparison.Ordinal);

        // The commerce cards and the funnel panel show the service's numbers; the breakdown picker splits the funnel.
        var date = DateOnly.ParseExact(await page.EvaluateAsync<string>("() => document.body.dataset.date"), "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var revenue = await fixture.Reports.RunAsync(ReportKind.Revenue, new ReportOptions { Date = ReportDate.On(date), Breakdown = Storage.Reports.Commerce.CommerceBreakdown.None });
        var orders = revenue.Rows.Cast<Storage.Reports.Commerce.RevenueRow>().Sum(r => r.Orders);
        Assert.True(orders > 0, $"no orders on {date}");
        await page.WaitForFunctionAsync("o => Number(document.querySelector('#kpi-orders .value').dataset.value) === o", orders);
        // Sessions and bounce rate of the day (UTC, the page's zone) equal a recount of the raw events.
        var (sessions, bounces) = SessionRecount.Count(fixture.Arrivals, date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), date.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        Assert.True(sessions > bounces && bounces > 0, $"{sessions} sessions, {bounces} bounces on {date}: the scenario proves too little");
        await page.WaitForFunctionAsync("s => Number(document.querySelector('#kpi-sessions .value').dataset.value) === s", sessions);
        var bounceRate = double.Parse(await page.EvalOnSelectorAsync<string>("#kpi-bounce .value", "e => e.dataset.value"), CultureInfo.InvariantCulture);
        Assert.Equal((double)bounces / sessions, bounceRate, 12);
        Assert.Equal($"{(double)bounces / sessions * 100:0.0}%", await page.InnerTextAsync("#kpi-bounce .value"));
        await page.SelectOptionAsync("#funnel-by", "device");
        await page.WaitForFunctionAsync("() => document.getElementById('chart-funnel').dataset.key.startsWith('device:')");
        var funnel = await fixture.Reports.RunAsync(ReportKind.Funnel, new ReportOptions { Date = ReportDate.On(date), Country = null, Breakdown = Storage.Reports.Commerce.CommerceBreakdown.Device });
        var entered = funnel.Rows.Cast<Storage.Reports.Commerce.FunnelRow>().Where(r => r.Step == 1).Sum(r => r.Entered);
        Assert.Equal(entered, long.Parse(await page.EvalOnSelectorAsync<string>("#chart-funnel", "e => e.dataset.total"), CultureInfo.InvariantCulture));
        Assert.Contains("funnel_by=device", page.Url, StringComparison.Ordinal);

        // A processor loads more views: the KPI card and charts update without a reload.
        var views = long.Parse(await page.EvalOnSelectorAsync<string>("#kpi-views .value", "e => e.dataset.value"), CultureInfo.InvariantCulture);
        var now = fixture.Clock.GetUtcNow();
        var more = Enumerable.Range(0, 40).Select(i => fixture.Scenario.Create(now.AddSeconds(-5 - i), product: 1000, country: other, bot: false)).ToList();
        // Logged like every processor's batch: the new data version is what moves the dashboard's cache on.
        await ReportScenario.WriteAsync(fixture.Writer, more, more.Count, new BatchInfo("worker-1", more.Count, 0, now));
        await page.WaitForFunctionAsync("v => Number(document.querySelector('#kpi-views .value').dataset.value) >= v + 40", views);
        Assert.True(await page.EvaluateAsync<bool>("() => window.__sameDocument === true"), "the page reloaded instead of updating live");

        await WaitUntilDrawnAsync(page);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsDirectory, "dashboard-laptop-updated.png"), FullPage = true });
        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForFunctionAsync("() => document.getElementById('chart-top-products').getBoundingClientRect().width <= 390");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the phone layout scrolls sideways");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(fixture.ArtifactsDirectory, "dashboard-phone.png"), FullPage = true });
        output.WriteLine($"screenshots in {fixture.ArtifactsDirectory}");

        Assert.Empty(foreign);
        Assert.Empty(problems);
    }

    private static async Task WaitUntilDrawnAsync(IPage page)
    {
        foreach (var chart in Charts)
        {
            try
            {
                await page.WaitForFunctionAsync($"() => {{ const e = document.getElementById('chart-{chart}'); return e.dataset.drawn === e.dataset.signature; }}");
            }
            catch (TimeoutException)
            {
                var state = await page.EvaluateAsync<string>($"() => {{ const e = document.getElementById('chart-{chart}'); return JSON.stringify({{ drawn: e.dataset.drawn, signature: e.dataset.signature }}); }}");
                throw new TimeoutException($"chart {chart} did not finish drawing: {state}");
            }
        }
    }
}
