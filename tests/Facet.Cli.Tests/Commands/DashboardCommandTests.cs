using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Facet.Storage;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class DashboardCommandTests
{
    [Fact]
    public async Task Dashboard_serves_reports_from_a_warehouse_and_exits_0_on_SIGTERM()
    {
        using var directory = new TempDirectory();
        var path = directory.File("dash.duckdb");
        await using (var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse("duckdb:" + path), new WarehouseOptions(), null, CancellationToken.None))
        {
            await warehouse.MigrateAsync(CancellationToken.None);
            var scenario = new ReportScenario(seed: 3);
            await ReportScenario.WriteAsync(warehouse, scenario.Generate(500, DateTimeOffset.UtcNow.AddHours(-5), DateTimeOffset.UtcNow));
        }

        var funnels = directory.File("funnels.json");
        await File.WriteAllTextAsync(funnels, """{"funnels":[{"name":"views","window":"10m","steps":[{"collection":"view_product_detail"},{"collection":"add_to_cart_action"}]}]}""");
        var rates = directory.File("rates.csv");
        await File.WriteAllLinesAsync(rates, ["date,currency,rate_to_base,base", "2024-01-01,GBP,1.17,EUR"]);
        await using var facet = FacetProcess.Start(["dashboard", "--warehouse", "duckdb:" + path, "--port", "0", "--tz", "Europe/Berlin", "--funnels", funnels, "--fx", rates]);
        var line = await facet.WaitForLineAsync(l => l.StartsWith("dashboard=", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        var address = line["dashboard=".Length..];
        Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
        using (var http = new HttpClient { BaseAddress = new Uri(address) })
        {
            using var health = JsonDocument.Parse(await http.GetStringAsync("/api/health"));
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
            using var report = JsonDocument.Parse(await http.GetStringAsync("/api/reports/top-countries"));
            Assert.Equal("Europe/Berlin", report.RootElement.GetProperty("tz").GetString());
            Assert.True(report.RootElement.GetProperty("rows").GetArrayLength() > 0);
            using var funnel = JsonDocument.Parse(await http.GetStringAsync("/api/reports/funnel?funnel=views"));
            Assert.Equal("funnel views, strict order, window 00:10:00", funnel.RootElement.GetProperty("detail").GetString());
            Assert.True(funnel.RootElement.GetProperty("rows").GetArrayLength() > 0);
            using var revenue = JsonDocument.Parse(await http.GetStringAsync("/api/reports/revenue"));
            Assert.Equal("converted to EUR with the rates of rates.csv", revenue.RootElement.GetProperty("detail").GetString());
        }

        facet.Signal(15);
        Assert.Equal(0, await facet.WaitForExitAsync(TimeSpan.FromSeconds(30)));
    }

    // A missing folder is most likely a typo: the dashboard says so instead of creating a warehouse there.
    [Fact]
    public async Task Dashboard_on_a_duckdb_file_in_a_missing_folder_exits_1_with_one_line()
    {
        using var directory = new TempDirectory();
        var (code, _, error) = await FacetProcess.RunAsync(["dashboard", "--warehouse", "duckdb:" + directory.File(Path.Combine("none", "none.duckdb")), "--port", "0"], TimeSpan.FromSeconds(60));
        Assert.Equal(1, code);
        Assert.StartsWith("facet: no DuckDB warehouse at", Assert.Single(error.Trim().Split('\n')), StringComparison.Ordinal);
    }

    // Issue 23: a new embedded warehouse just works, whichever command opens it first.
    [Fact]
    public async Task Dashboard_on_a_duckdb_file_that_does_not_exist_yet_creates_it_and_serves_empty_reports()
    {
        using var directory = new TempDirectory();
        var path = directory.File("new.duckdb");
        await using var facet = FacetProcess.Start(["dashboard", "--warehouse", "duckdb:" + path, "--port", "0"]);
        var url = (await facet.WaitForLineAsync(l => l.StartsWith("dashboard=", StringComparison.Ordinal), TimeSpan.FromSeconds(60)))["dashboard=".Length..];

        using var http = new HttpClient { BaseAddress = new Uri(url) };
        using (var report = JsonDocument.Parse(await http.GetStringAsync("/api/reports/top-products")))
        {
            Assert.Equal(0, report.RootElement.GetProperty("rows").GetArrayLength());
        }

        using (var health = await http.GetAsync("/api/health"))
        {
            Assert.True(health.IsSuccessStatusCode, await health.Content.ReadAsStringAsync());
        }

        facet.Signal(15);
        Assert.Equal(0, await facet.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(WarehouseFactory.SchemaVersion, await WarehouseProbe.DuckDb(path).ScalarAsync("SELECT max(version) FROM schema_version"));
    }

    [Fact]
    public async Task Dashboard_with_a_cache_that_is_not_a_redis_address_exits_2_naming_the_form()
    {
        using var directory = new TempDirectory();
        var (code, _, error) = await FacetProcess.RunAsync(["dashboard", "--warehouse", "duckdb:" + directory.File("none.duckdb"), "--port", "0", "--cache", "http://127.0.0.1:6379"], TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Contains("--cache must be redis://HOST:PORT", error, StringComparison.Ordinal);
    }

    // The web host used to log its failed start with a stack trace before the command's own line.
    [Fact]
    public async Task Dashboard_on_a_taken_port_exits_1_with_one_line_naming_the_flags()
    {
        using var directory = new TempDirectory();
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;
        var (code, _, error) = await FacetProcess.RunAsync(["dashboard", "--warehouse", "duckdb:" + directory.File("taken.duckdb"), "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(60));
        Assert.Equal(1, code);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"facet: cannot listen on 127.0.0.1:{port} (", line, StringComparison.Ordinal);
        Assert.EndsWith("pick another --port or --bind", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_with_an_unreadable_rate_file_exits_2_with_one_line()
    {
        using var directory = new TempDirectory();
        var (code, _, error) = await FacetProcess.RunAsync(["dashboard", "--warehouse", "duckdb:" + directory.File("none.duckdb"), "--port", "0", "--fx", directory.File("none.csv")], TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.StartsWith($"facet: --fx: cannot read '{directory.File("none.csv")}'", Assert.Single(error.Trim().Split('\n')), StringComparison.Ordinal);
    }
}
