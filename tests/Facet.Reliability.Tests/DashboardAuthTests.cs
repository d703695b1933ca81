using System.Net;
using System.Net.Http.Headers;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>The dashboard binds loopback by default; beyond it only with a token (checked on every request) or an explicit --no-auth.</summary>
public sealed class DashboardAuthTests : IDisposable
{
    private const string Token = "dash-Token-31337";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);
    private static readonly string[] Paths = ["/api/kpis", "/api/reports/top-products", "/api/pipeline", "/api/health", "/metrics", "/"];

    private readonly TempDirectory _directory = new();

    private string Warehouse => "duckdb:" + _directory.File("facet.duckdb");

    [Fact]
    public async Task Binding_beyond_loopback_without_a_token_or_no_auth_exits_2_naming_both()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["dashboard", "--warehouse", Warehouse, "--bind", "0.0.0.0", "--port", "0"], Timeout);
        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--auth-token", line, StringComparison.Ordinal);
        Assert.Contains("--no-auth", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_token_every_API_SSE_metrics_and_page_request_needs_it_and_a_browser_gets_a_cookie()
    {
        await FacetRun.MigrateAsync(Warehouse);
        await using var dashboard = FacetProcess.Start(["dashboard", "--warehouse", Warehouse, "--bind", "0.0.0.0", "--port", "0"], new Dictionary<string, string?> { ["FACET_DASHBOARD_TOKEN"] = Token });
        var baseUri = await BaseUriAsync(dashboard);
        using var anonymous = new HttpClient { BaseAddress = baseUri };
        using var wrong = new HttpClient { BaseAddress = baseUri };
        wrong.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token + "x");
        using var bearer = new HttpClient { BaseAddress = baseUri };
        bearer.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        foreach (var path in Paths.Append("/api/live"))
        {
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, await StatusAsync(anonymous, path)));
            Assert.Equal((path, HttpStatusCode.Unauthorized), (path, await StatusAsync(wrong, path + "?token=" + Token + "x")));
            Assert.Equal((path, HttpStatusCode.OK), (path, await StatusAsync(bearer, path)));
        }

        // A browser: the page opened once with ?token= sets an HttpOnly cookie that its fetches and EventSource carry.
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUri };
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(browser, "/?token=" + Token));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(browser, "/api/kpis"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(browser, "/api/live"));

        Assert.DoesNotContain(Token, dashboard.StandardOutput + dashboard.StandardError, StringComparison.Ordinal);
        Assert.Equal(0, await FacetRun.StopAsync(dashboard));
    }

    [Fact]
    public async Task No_auth_serves_a_non_loopback_bind_openly_and_the_default_binds_loopback_only()
    {
        await FacetRun.MigrateAsync(Warehouse);
        await using (var open = FacetProcess.Start(["dashboard", "--warehouse", Warehouse, "--bind", "0.0.0.0", "--port", "0", "--no-auth"]))
        {
            using var client = new HttpClient { BaseAddress = await BaseUriAsync(open) };
            Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, "/api/kpis"));
            Assert.Equal(0, await FacetRun.StopAsync(open));
        }

        await using var local = FacetProcess.Start(["dashboard", "--warehouse", Warehouse, "--port", "0"]);
        var line = await local.WaitForLineAsync(l => l.StartsWith("dashboard=", StringComparison.Ordinal), Timeout);
        Assert.StartsWith("dashboard=http://127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Equal(0, await FacetRun.StopAsync(local));
    }

    private static async Task<Uri> BaseUriAsync(FacetProcess dashboard)
    {
        var line = await dashboard.WaitForLineAsync(l => l.StartsWith("dashboard=", StringComparison.Ordinal), Timeout);
        var port = new Uri(line["dashboard=".Length..]).Port;
        return new Uri($"http://127.0.0.1:{port}");
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string path)
    {
        // Headers only: /api/live is an endless SSE stream.
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    public void Dispose() => _directory.Dispose();
}
