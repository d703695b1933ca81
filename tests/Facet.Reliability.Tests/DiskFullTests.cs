using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// The DuckDB warehouse's file system fills up or turns read-only. A small tmpfs is mounted for the warehouse (needs
/// root, as ./test.sh runs here; without it the test fails saying so), so "disk full" is the kernel's real ENOSPC and
/// "read-only" a real EROFS — root ignores chmod, so a read-only file mode would prove nothing here.
/// </summary>
public sealed class DiskFullTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Load_into_a_DuckDB_file_whose_disk_fills_up_exits_1_with_one_clear_line_and_leaves_only_whole_batches()
    {
        using var directory = new TempDirectory();
        await using var mount = await TmpfsMount.CreateAsync(directory.File("mnt"), "24m");
        var warehouse = "duckdb:" + Path.Combine(mount.Path, "facet.duckdb");
        var script = TestEvents.Script(40_000, seed: "full");
        var input = directory.File("events.ndjson");
        await script.WriteNdjsonAsync(input);
        Assert.Equal(0, (await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse], Timeout)).ExitCode);

        var (code, _, error) = await FacetProcess.RunAsync(["load", input, "--warehouse", warehouse, "--max-batch", "2000", "--no-progress"], Timeout);

        Assert.Equal(1, code);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var last = lines[^1];
        Assert.StartsWith("facet: ", last, StringComparison.Ordinal);
        Assert.Contains("No space left on device", last, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);

        // Room again: what the file holds is exactly the batches that committed — facts and bad events of the lines
        // before the checkpoint, nothing after it — and a second load completes it with exact counts.
        await mount.ResizeAsync("512m");
        var probe = WarehouseProbe.DuckDb(Path.Combine(mount.Path, "facet.duckdb"));
        var next = await probe.ScalarAsync("SELECT coalesce(max(next_offset), 1) FROM stream_checkpoints");
        Assert.True(next < script.Lines.Count, $"the disk never filled (checkpoint at line {next})");
        var (expectedFacts, expectedBad) = Expected(script, linesBefore: next);
        Assert.Equal(expectedFacts, await probe.FactsAsync());
        Assert.Equal(expectedBad, await probe.BadEventsAsync());
        Assert.Equal(0, await probe.ScalarAsync($"SELECT count(*) FROM fact_events WHERE source_offset >= {next.ToString(CultureInfo.InvariantCulture)}"));

        var again = await FacetProcess.RunAsync(["load", input, "--warehouse", warehouse, "--no-progress"], Timeout);
        Assert.True(again.ExitCode == 0, again.Error);
        Assert.Equal(script.DistinctValidIds, await probe.FactsAsync());
        Assert.Equal(script.Malformed, await probe.BadEventsAsync());
    }

    [Fact]
    public async Task Load_into_a_DuckDB_file_on_a_read_only_file_system_exits_non_zero_with_one_clear_line_and_changes_nothing()
    {
        using var directory = new TempDirectory();
        await using var mount = await TmpfsMount.CreateAsync(directory.File("mnt"), "64m");
        var path = Path.Combine(mount.Path, "facet.duckdb");
        var script = TestEvents.Script(2_000, seed: "readonly");
        var input = directory.File("events.ndjson");
        await script.WriteNdjsonAsync(input);
        Assert.Equal(0, (await FacetProcess.RunAsync(["db", "migrate", "--warehouse", "duckdb:" + path], Timeout)).ExitCode);
        var before = await File.ReadAllBytesAsync(path);

        await mount.RemountAsync("ro");
        var (code, _, error) = await FacetProcess.RunAsync(["load", input, "--warehouse", "duckdb:" + path, "--no-progress"], Timeout);
        await mount.RemountAsync("rw");

        Assert.NotEqual(0, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("facet: ", line, StringComparison.Ordinal);
        Assert.Contains("facet.duckdb", line, StringComparison.Ordinal);
        Assert.Equal(before, await File.ReadAllBytesAsync(path));
        Assert.Equal(0, await WarehouseProbe.DuckDb(path).FactsAsync());
    }

    /// <summary>Distinct valid ids and malformed lines among the first <paramref name="linesBefore"/> − 1 lines (line numbers are 1-based).</summary>
    private static (long Facts, long Bad) Expected(EventScript script, long linesBefore)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var bad = 0L;
        for (var i = 0; i < linesBefore - 1; i++)
        {
            try
            {
                using var document = JsonDocument.Parse(script.Lines[i]);
                ids.Add(document.RootElement.GetProperty("id").GetString()!);
            }
            catch (JsonException)
            {
                bad++;
            }
        }

        return (ids.Count, bad);
    }

    /// <summary>A tmpfs mounted for one test (root only), unmounted on dispose.</summary>
    private sealed class TmpfsMount : IAsyncDisposable
    {
        private TmpfsMount(string path) => Path = path;

        public string Path { get; }

        public static async Task<TmpfsMount> CreateAsync(string path, string size)
        {
            Assert.True(Environment.UserName == "root", "mounting a tmpfs for the disk-full test needs root (./test.sh runs as root here)");
            Directory.CreateDirectory(path);
            await RunAsync("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", path);
            return new TmpfsMount(path);
        }

        public Task ResizeAsync(string size) => RunAsync("mount", "-o", "remount,size=" + size, Path);

        public Task RemountAsync(string mode) => RunAsync("mount", "-o", "remount," + mode, Path);

        public async ValueTask DisposeAsync() => await RunAsync("umount", "-l", Path);

        private static async Task RunAsync(string file, params string[] arguments)
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', arguments)}: {error}");
        }
    }
}
