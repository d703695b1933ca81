using Microsoft.Playwright;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>
/// Debian's Chromium driven by Playwright (no downloaded browser, no DNS of its own) on a page that may only talk to the
/// dashboard: every other request is aborted and listed in <see cref="Foreign"/>; console errors and page errors are
/// listed in <see cref="Problems"/>.
/// </summary>
internal sealed class ChromiumPage : IAsyncDisposable
{
    public const string Chromium = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private ChromiumPage(IPlaywright playwright, IBrowser browser, IPage page)
    {
        _playwright = playwright;
        _browser = browser;
        Page = page;
    }

    public IPage Page { get; }

    public List<string> Foreign { get; } = [];

    public List<string> Problems { get; } = [];

    public static async Task<ChromiumPage> OpenAsync(string address)
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: ./test.sh installs it (apt-get install chromium)");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1366, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        var opened = new ChromiumPage(playwright, browser, page);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                opened.Problems.Add($"console: {message.Text} ({message.Location})");
            }
        };
        page.PageError += (_, error) => opened.Problems.Add("page error: " + error);
        await page.RouteAsync("**/*", async route =>
        {
            if (route.Request.Url.StartsWith(address, StringComparison.Ordinal))
            {
                await route.ContinueAsync();
            }
            else
            {
                opened.Foreign.Add(route.Request.Url);
                await route.AbortAsync();
            }
        });
        return opened;
    }

    /// <summary>A GET from inside the page (its cookies, its origin): status, content type and body.</summary>
    public async Task<(int Status, string ContentType, string Body)> FetchAsync(string url)
    {
        var result = await Page.EvaluateAsync<string[]>(
            "async url => { const r = await fetch(url); return [String(r.status), r.headers.get('content-type') ?? '', await r.text()]; }", url);
        return (int.Parse(result[0], System.Globalization.CultureInfo.InvariantCulture), result[1], result[2]);
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
