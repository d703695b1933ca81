using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Facet.Core.Commerce;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// Issue 18's crash and re-import guarantee for <c>facet import csv</c>, on each backend
/// (<see cref="PostgresCommerceImportCrashTests"/>, <see cref="DuckDbCommerceImportCrashTests"/>): an import of a
/// generated Shape B world killed with SIGKILL at three random moments, restarted each time and then completed,
/// leaves every commerce report (<c>facet report NAME --format json</c>, all fifteen) equal to
/// <see cref="ShopOracle"/>'s recount of the files; importing the same files again loads nothing and changes no report.
/// The warehouse is read only between runs (a DuckDB file is closed to others while facet writes it).
/// </summary>
public abstract class CommerceImportCrashTests : IDisposable
{
    private const int Messages = 30_000;
    private const string Tz = "Asia/Jakarta";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    protected TempDirectory Directory { get; } = new();

    /// <summary>A new, empty warehouse: a probe of it (and its --warehouse argument).</summary>
    protected abstract WarehouseProbe CreateEmptyWarehouse();

    [Fact]
    public async Task An_import_killed_with_SIGKILL_at_3_random_moments_then_completed_and_then_repeated_leaves_every_report_equal_to_the_recount()
    {
        var probe = CreateEmptyWarehouse();
        var warehouse = probe.WarehouseArgument;
        await FacetRun.MigrateAsync(warehouse);
        var world = Directory.File("world");
        var (generated, _, generateError) = await FacetProcess.RunAsync(
            ["generate", "--dataset", "commerce", "--format", "csv", "--out", world, "--count", Messages.ToString(CultureInfo.InvariantCulture), "--seed", "18",
             "--start", "2026-11-20T00:00:00Z", "--malformed", "0.02", "--duplicates", "0.02", "--late", "0.02"],
            Timeout);
        Assert.True(generated == 0, generateError);
        string[] Import(params string[] extra) => ["import", "csv", "--dataset", "commerce", world, "--warehouse", warehouse, "--max-batch", "400", .. extra];
        // How far the import got: each file's next line, a finished file (whose checkpoint is marked past any line) as 10⁹.
        const string Checkpoints = "SELECT CAST(coalesce(sum(least(next_offset, 1000000000)), 0) AS BIGINT) FROM stream_checkpoints WHERE consumer_group = 'facet-import-csv'";

        // Each kill waits for 1–6 committed batches of this run, then a random part of the last batch's time more, so
        // it lands anywhere in the next batch: mid-parse, mid-COPY, mid-script, between a commit and the next batch.
        // The wait is measured in batches, not milliseconds: a fixed few hundred ms was ten batches on a fast machine,
        // and three kills could then run the 57-batch import to its end (seen once, CI of c079ba3).
        var random = new Random(20261202);
        var kills = new List<long>();
        for (var kill = 0; kill < 3; kill++)
        {
            await using var import = FacetProcess.Start(Import("--log-level", "Debug"));
            var batches = random.Next(1, 7);
            var seen = 0;
            var lastBatch = await import.WaitForLineAsync(l => l.Contains(": loaded through line", StringComparison.Ordinal) && ++seen >= batches, Timeout);
            await Task.Delay(TimeSpan.FromMilliseconds(BatchMilliseconds(lastBatch) * random.Next(0, 300) / 300.0));
            Assert.False(import.HasExited, $"the import finished before kill {kill + 1}: nothing was cut short\n{import.StandardError}");
            import.Signal(9);
            await import.WaitForExitAsync(Timeout);
            kills.Add(await probe.ScalarAsync(Checkpoints));
        }

        Assert.True(kills[0] > 0 && kills.Zip(kills.Skip(1)).All(k => k.Second >= k.First), $"checkpoints after the kills: {string.Join(", ", kills)}");
        var (code, output, error) = await FacetProcess.RunAsync(Import(), Timeout);
        Assert.True(code == 0, error);
        // It went on from the kills' checkpoints: some file was done already or resumed mid-way.
        Assert.Contains(Results(output), r => r.GetProperty("already_imported").GetBoolean() || r.GetProperty("resumed_at_line").GetInt64() > 0);

        // Shape B has no file for views, interactions and logs: the generator writes them as NDJSON beside the CSV
        // files, loaded here so that the reports over them have data too.
        foreach (var topic in new[] { CommerceTopics.ProductViews, CommerceTopics.UserInteractions, CommerceTopics.SystemLogs })
        {
            var (loaded, _, loadError) = await FacetProcess.RunAsync(["load", "--stream", topic, Path.Combine(world, topic + ".ndjson"), "--warehouse", warehouse, "--no-progress"], Timeout);
            Assert.True(loaded == 0, loadError);
        }

        var records = CommerceRecords.FromShapeBFolder(world, withNdjson: true);
        Assert.True(records.Rejected > 0, "the world has no malformed rows: the rejects path is not exercised");
        var (first, last) = records.LocalDays(Tz);
        var because = $" (kills after {string.Join(", ", kills)} checkpointed lines)";
        await CommerceReportCheck.AssertEveryReportEqualsRecountAsync(warehouse, records, Tz, first, last.AddDays(1), because);
        Assert.Equal(records.Orders.Count, await probe.ScalarAsync("SELECT count(*) FROM fact_order"));

        // The same files again: every file is recognised as imported, nothing is loaded, no report changes.
        (code, output, error) = await FacetProcess.RunAsync(Import(), Timeout);
        Assert.True(code == 0, error);
        Assert.All(Results(output), r => Assert.Equal((true, 0L, 0L), (r.GetProperty("already_imported").GetBoolean(), r.GetProperty("rows").GetInt64(), r.GetProperty("inserted").GetInt64())));
        await CommerceReportCheck.AssertEveryReportEqualsRecountAsync(warehouse, records, Tz, first, last.AddDays(1), " (after the second import)");
    }

    public void Dispose()
    {
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>The time a "loaded through line N (F new facts) in T ms" line reports for its batch.</summary>
    private static int BatchMilliseconds(string line)
    {
        var match = Regex.Match(line, @" in (\d+) ms$");
        Assert.True(match.Success, $"no batch time in: {line}");
        return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static List<JsonElement> Results(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
}
