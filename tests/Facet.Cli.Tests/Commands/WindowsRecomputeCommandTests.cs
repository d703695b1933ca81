using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

/// <summary>
/// <c>facet windows recompute</c> as a user runs it (issue 20), on PostgreSQL and DuckDB: the same generated commerce
/// files loaded once with the streaming window step and once with <c>--windows none</c> followed by a recompute must
/// give identical <c>facet windows show</c> output (JSON and table) for every recomputable built-in. Each file is one
/// load batch (<c>--max-batch</c>), so the streamed windows have one revision and no late events, as a recompute's do.
/// A second recompute changes nothing; a definition whose source keeps no facts is refused with exit 2.
/// </summary>
public sealed class WindowsRecomputeCommandTests
{
    private static readonly string[] Recomputable = ["product_views_analysis", "revenue_5m", "sales_analysis"];

    [Fact]
    public async Task Recompute_after_a_load_without_windows_shows_what_the_streaming_load_shows_on_DuckDB()
    {
        using var temp = new TempDirectory();
        await CompareAsync(temp, "duckdb:" + temp.File("streamed.duckdb"), "duckdb:" + temp.File("recomputed.duckdb"));
    }

    [Fact]
    public async Task Recompute_after_a_load_without_windows_shows_what_the_streaming_load_shows_on_PostgreSQL()
    {
        using var temp = new TempDirectory();
        var streamed = new PostgresDatabase();
        var recomputed = new PostgresDatabase();
        await streamed.InitializeAsync();
        await recomputed.InitializeAsync();
        try
        {
            await CompareAsync(temp, streamed.ConnectionString, recomputed.ConnectionString);
        }
        finally
        {
            await streamed.DisposeAsync();
            await recomputed.DisposeAsync();
        }
    }

    private static async Task CompareAsync(TempDirectory temp, string streamed, string recomputed)
    {
        var data = temp.File("data");
        var generated = await FacetProcess.RunAsync(["generate", "--dataset", "commerce", "--out", data, "--count", "3000", "--seed", "20", "--start", "2026-11-20T00:00:00Z", "--duplicates", "0.05", "--late", "0.05", "--malformed", "0.01"], TimeSpan.FromSeconds(120));
        Assert.True(generated.ExitCode == 0, generated.Error);
        foreach (var warehouse in new[] { streamed, recomputed })
        {
            var migrate = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse], TimeSpan.FromSeconds(120));
            Assert.True(migrate.ExitCode == 0, migrate.Error);
        }

        foreach (var stream in new[] { CommerceTopics.Transactions, CommerceTopics.ProductViews })
        {
            var file = Path.Combine(data, stream + ".ndjson");
            foreach (var (warehouse, windows) in new[] { (streamed, "builtin"), (recomputed, "none") })
            {
                var load = await FacetProcess.RunAsync(["load", "--stream", stream, "--warehouse", warehouse, "--windows", windows, "--max-batch", "1000000", "--no-progress", file], TimeSpan.FromSeconds(180));
                Assert.True(load.ExitCode == 0, load.Error);
            }
        }

        var before = await ShowAsync(recomputed, "revenue_5m", "json");
        Assert.Empty(JsonDocument.Parse(before).RootElement.GetProperty("windows").EnumerateArray());

        for (var run = 0; run < 2; run++)
        {
            var recompute = await FacetProcess.RunAsync(["windows", "recompute", "--all", "--warehouse", recomputed], TimeSpan.FromSeconds(120));
            Assert.True(recompute.ExitCode == 0, recompute.Error);
            Assert.Contains("recomputed sales_analysis: ", recompute.Output, StringComparison.Ordinal);
            Assert.Contains("skipped customer_analysis: window 'customer_analysis' cannot be recomputed", recompute.Output, StringComparison.Ordinal);
            foreach (var name in Recomputable)
            {
                var expected = await ShowAsync(streamed, name, "json");
                var windows = JsonDocument.Parse(expected).RootElement.GetProperty("windows").GetArrayLength();
                Assert.True(windows > 5, $"{name}: the streaming load should fill several windows (got {windows})");
                Assert.Equal(expected, await ShowAsync(recomputed, name, "json"));
                Assert.Equal(await ShowAsync(streamed, name, "table"), await ShowAsync(recomputed, name, "table"));
            }
        }

        var refused = await FacetProcess.RunAsync(["windows", "recompute", "customer_analysis", "--warehouse", recomputed], TimeSpan.FromSeconds(60));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("window 'customer_analysis' cannot be recomputed: its source customers keeps only each customer's latest version", refused.Error, StringComparison.Ordinal);
        Assert.Single(refused.Error.Trim().Split('\n'));
    }

    private static async Task<string> ShowAsync(string warehouse, string name, string format)
    {
        var show = await FacetProcess.RunAsync(["windows", "show", name, "--warehouse", warehouse, "--format", format], TimeSpan.FromSeconds(60));
        Assert.True(show.ExitCode == 0, show.Error);
        return show.Output;
    }
}
