using System.Globalization;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// Event-time windows survive SIGKILL (issue 19): <c>facet load</c> of generated transactions into PostgreSQL, killed
/// at 5 random moments and restarted each time, ends with windows, watermarks and late counts identical to one
/// uninterrupted load into DuckDB. A file load resumes at its checkpoint with the same batch boundaries, so any lost
/// or doubled contribution (or a watermark that moved without its batch) shows as a difference.
/// </summary>
public sealed class WindowCrashTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Load_killed_with_SIGKILL_at_5_random_moments_ends_with_the_windows_of_an_uninterrupted_load()
    {
        using var directory = new TempDirectory();
        var data = directory.File("data");
        var generated = await FacetProcess.RunAsync(["generate", "--dataset", "commerce", "--out", data, "--count", "120000", "--seed", "1919", "--start", "2026-11-20T00:00:00Z", "--duplicates", "0.03", "--late", "0.05"], TimeSpan.FromSeconds(180));
        Assert.True(generated.ExitCode == 0, generated.Error);
        var file = Path.Combine(data, "transactions.ndjson");
        var lines = File.ReadLines(file).LongCount();
        Assert.True(lines > 1500, $"the generator wrote {lines} transactions");
        string[] Load(string warehouse) => ["load", "--stream", "transactions", "--warehouse", warehouse, "--max-batch", "100", "--no-progress", file];

        var reference = "duckdb:" + directory.File("reference.duckdb");
        var uninterrupted = await FacetProcess.RunAsync(Load(reference), TimeSpan.FromSeconds(300));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Error);

        var warehouse = postgres.ConnectionString;
        await FacetRun.MigrateAsync(warehouse);
        Task<long> Loaded() => WarehouseAudit.ScalarAsync(warehouse, "SELECT coalesce(max(next_offset), 0) FROM stream_checkpoints");
        var random = new Random(1912);
        var marks = Enumerable.Range(0, 5).Select(_ => (long)random.Next((int)(lines / 20), (int)(lines * 9 / 10))).Order().ToArray();
        var kills = new List<long>();
        foreach (var mark in marks)
        {
            await using var load = FacetProcess.Start(Load(warehouse));
            var reached = await Progress.UntilAsync(Loaded, n => n >= mark || load.HasExited, Stall, $"the checkpoint to pass line {mark}", load);
            await Task.Delay(random.Next(0, 300));
            load.Signal(9);
            await load.WaitForExitAsync(TimeSpan.FromSeconds(30));
            kills.Add(reached);
        }

        var last = await FacetProcess.RunAsync(Load(warehouse), TimeSpan.FromSeconds(300));
        Assert.True(last.ExitCode == 0, last.Error);
        Assert.True(await Loaded() >= lines, "the last load should have checkpointed the whole file");

        foreach (var name in new[] { "sales_analysis", "revenue_5m" })
        {
            var expected = await FacetProcess.RunAsync(["windows", "show", name, "--warehouse", reference, "--format", "json"], TimeSpan.FromSeconds(60));
            var actual = await FacetProcess.RunAsync(["windows", "show", name, "--warehouse", warehouse, "--format", "json"], TimeSpan.FromSeconds(60));
            Assert.True(expected.ExitCode == 0 && actual.ExitCode == 0, expected.Error + actual.Error);
            Assert.Contains("\"window_start\"", expected.Output, StringComparison.Ordinal);
            Assert.True(expected.Output == actual.Output, $"{name} differs after kills at checkpointed lines {string.Join(", ", kills.Select(k => k.ToString(CultureInfo.InvariantCulture)))}");
        }
    }
}
