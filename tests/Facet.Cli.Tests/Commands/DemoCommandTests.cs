using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class DemoCommandTests
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Demo_serves_all_six_reports_exits_0_within_10_s_of_SIGINT_and_a_second_run_continues()
    {
        using var directory = new TempDirectory();
        var path = directory.File("demo.duckdb");
        var probe = WarehouseProbe.DuckDb(path);

        long firstRunFacts;
        await using (var demo = FacetProcess.Start(["demo", "--port", "0", "--warehouse", "duckdb:" + path, "--rate", "1000", "--duration", "90s"]))
        {
            var line = await demo.WaitForLineAsync(l => l.StartsWith("dashboard=", StringComparison.Ordinal), StartTimeout);
            var address = line["dashboard=".Length..].Split(' ')[0];
            Assert.StartsWith("http://127.0.0.1:", address, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri(address) };

            // Every report has rows with views while the demo runs (the two that need a choice get the top country and product).
            var country = await Eventually.Until(() => FirstAsync(http, "top-countries", "country_code"), c => c is not null, StartTimeout, "top-countries rows");
            var product = await Eventually.Until(() => FirstAsync(http, "top-products", "product_id"), p => p is not null, StartTimeout, "top-products rows");
            foreach (var report in new[] { "top-products", "top-countries", "top-referrers", $"store-views?country={country}", $"hourly-product-views?product={product}", "hourly-browser-os" })
            {
                Assert.True(await ViewsAsync(http, report) > 0, $"{report} has no views");
            }

            // The in-process worker's state is on /api/pipeline (issue 16).
            using (var pipeline = JsonDocument.Parse(await http.GetStringAsync("/api/pipeline")))
            {
                Assert.Equal("running", pipeline.RootElement.GetProperty("worker_state").GetString());
            }

            // Numbers keep moving: the live stream keeps loading.
            var views = await ViewsAsync(http, "top-countries");
            await Eventually.Until(() => ViewsAsync(http, "top-countries"), v => v > views, StartTimeout, "more views");

            // The commerce streams run beside it: orders arrive as Avro through the embedded registry (issue 17).
            Assert.Contains("schema-registry=http://127.0.0.1:", demo.StandardOutput, StringComparison.Ordinal);
            await demo.WaitForLineAsync(l => l.StartsWith("first orders loaded", StringComparison.Ordinal), StartTimeout);

            demo.Signal(2);
            var stopping = Stopwatch.StartNew();
            Assert.Equal(0, await demo.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(10), $"the demo took {stopping.Elapsed.TotalSeconds:0.0} s to stop\n{demo.StandardOutput}");
            Assert.Contains("stopped in", demo.StandardOutput, StringComparison.Ordinal);
            firstRunFacts = await probe.FactsAsync();
            Assert.True(firstRunFacts > 0);

            // Every commerce entity has rows; the orders came only from the Avro topic, none of them rejected.
            foreach (var table in new[] { "dim_commerce_customer", "dim_commerce_product", "fact_order", "fact_order_line", "fact_product_view", "fact_click_event" })
            {
                Assert.True(await probe.ScalarAsync($"SELECT count(*) FROM {table}") > 0, $"{table} is empty\n{demo.StandardOutput}");
            }

            Assert.Equal(0, await probe.ScalarAsync("SELECT count(*) FROM bad_events WHERE source = 'transactions'"));
            Assert.Equal(await probe.ScalarAsync("SELECT count(*) FROM fact_order"), await probe.ScalarAsync("SELECT count(DISTINCT order_id) FROM fact_order_line"));
        }

        // Run 2: a new mock cluster (offsets from 0 again) and its own consumer group; facts carry over and grow.
        var (code, output, error) = await FacetProcess.RunAsync(["demo", "--port", "0", "--warehouse", "duckdb:" + path, "--rate", "1000", "--duration", "12s"], TimeSpan.FromSeconds(90));
        Assert.True(code == 0, error);
        // It fills in only the gap since run 1's newest event, never today from midnight again.
        var backfill = Assert.Single(output.Split('\n'), l => l.StartsWith("backfill: ", StringComparison.Ordinal));
        Assert.True(backfill.StartsWith("backfill: none", StringComparison.Ordinal) || !backfill.Contains(" 00:00 → ", StringComparison.Ordinal), backfill);
        Assert.Contains("first batch loaded", output, StringComparison.Ordinal);
        Assert.True(await probe.FactsAsync() > firstRunFacts, output);
        Assert.Equal(2, await probe.ScalarAsync("SELECT count(DISTINCT consumer_group) FROM stream_checkpoints"));
        Assert.Equal(await probe.FactsAsync(), await probe.DistinctFactIdsAsync());
    }

    [Fact]
    public async Task Demo_on_a_port_in_use_exits_2_with_one_line_naming_port()
    {
        using var directory = new TempDirectory();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var (code, output, error) = await FacetProcess.RunAsync(["demo", "--port", port, "--warehouse", "duckdb:" + directory.File("busy.duckdb")], TimeSpan.FromSeconds(60));

        Assert.Equal(2, code);
        var message = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"facet: cannot serve the dashboard on 127.0.0.1:{port}", message, StringComparison.Ordinal);
        Assert.Contains("--port", message, StringComparison.Ordinal);
        Assert.DoesNotContain("kafka=", output, StringComparison.Ordinal);
    }

    private static async Task<string?> FirstAsync(HttpClient http, string report, string column)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync($"/api/reports/{report}"));
        var rows = json.RootElement.GetProperty("rows");
        return rows.GetArrayLength() == 0 ? null : rows[0].GetProperty(column).GetString();
    }

    private static async Task<long> ViewsAsync(HttpClient http, string report)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync($"/api/reports/{report}"));
        long views = 0;
        foreach (var row in json.RootElement.GetProperty("rows").EnumerateArray())
        {
            views += row.GetProperty("views").GetInt64();
        }

        return views;
    }
}
