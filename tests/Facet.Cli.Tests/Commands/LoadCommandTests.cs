using System.Text.Json;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class LoadCommandTests
{
    [Fact]
    public async Task Loading_the_same_file_twice_loads_nothing_the_second_time()
    {
        using var directory = new TempDirectory();
        var warehouse = "duckdb:" + directory.File("load.duckdb");
        var file = directory.File("events.ndjson");
        var script = TestEvents.Script(3000, seed: "load");
        await script.WriteNdjsonAsync(file);

        var (migrate, _, migrateError) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse], TimeSpan.FromSeconds(60));
        Assert.True(migrate == 0, migrateError);

        var (code, output, error) = await FacetProcess.RunAsync(["load", file, "--warehouse", warehouse, "--max-batch", "700"], TimeSpan.FromSeconds(120));
        Assert.True(code == 0, error);
        using (var first = JsonDocument.Parse(output))
        {
            Assert.Equal(script.Lines.Count, first.RootElement.GetProperty("lines").GetInt64());
            Assert.Equal(script.DistinctValidIds, first.RootElement.GetProperty("inserted").GetInt64());
            Assert.Equal(script.Malformed, first.RootElement.GetProperty("rejected").GetInt64());
        }

        (code, output, error) = await FacetProcess.RunAsync(["load", file, "--warehouse", warehouse], TimeSpan.FromSeconds(120));
        Assert.True(code == 0, error);
        using (var second = JsonDocument.Parse(output))
        {
            Assert.Equal(script.Lines.Count, second.RootElement.GetProperty("skipped_lines").GetInt64());
            Assert.Equal(0, second.RootElement.GetProperty("inserted").GetInt64());
            Assert.Equal(0, second.RootElement.GetProperty("rejected").GetInt64());
        }

        var probe = WarehouseProbe.DuckDb(directory.File("load.duckdb"));
        Assert.Equal(script.DistinctValidIds, await probe.FactsAsync());
        Assert.Equal(script.Malformed, await probe.BadEventsAsync());
    }

    // Issue 23: a new user's first `facet load` into a DuckDB file that does not exist yet just works, no `db migrate`.
    [Fact]
    public async Task Loading_into_a_duckdb_file_that_does_not_exist_yet_creates_and_migrates_it()
    {
        using var directory = new TempDirectory();
        var file = directory.File("events.ndjson");
        var script = TestEvents.Script(500, seed: "new-warehouse");
        await script.WriteNdjsonAsync(file);

        var (code, output, error) = await FacetProcess.RunAsync(["load", file, "--warehouse", "duckdb:" + directory.File("new.duckdb")], TimeSpan.FromSeconds(120));

        Assert.True(code == 0, error);
        using (var result = JsonDocument.Parse(output))
        {
            Assert.Equal(script.DistinctValidIds, result.RootElement.GetProperty("inserted").GetInt64());
        }

        var probe = WarehouseProbe.DuckDb(directory.File("new.duckdb"));
        Assert.Equal(script.DistinctValidIds, await probe.FactsAsync());
        Assert.Equal(script.Malformed, await probe.BadEventsAsync());
    }

    [Fact]
    public async Task Loading_into_a_duckdb_file_with_an_older_schema_exits_1_saying_to_run_facet_db_migrate()
    {
        using var directory = new TempDirectory();
        var path = directory.File("old.duckdb");
        var file = directory.File("events.ndjson");
        await TestEvents.Script(10, seed: "old-warehouse").WriteNdjsonAsync(file);
        var (migrate, _, migrateError) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", "duckdb:" + path], TimeSpan.FromSeconds(60));
        Assert.True(migrate == 0, migrateError);
        await WarehouseProbe.DuckDb(path).ScalarAsync("DELETE FROM schema_version WHERE version > 1");

        var (code, _, error) = await FacetProcess.RunAsync(["load", file, "--warehouse", "duckdb:" + path], TimeSpan.FromSeconds(120));

        Assert.Equal(1, code);
        Assert.Contains($"has schema version 1 but this Facet needs {Storage.WarehouseFactory.SchemaVersion}: run facet db migrate --warehouse duckdb:{path}", error, StringComparison.Ordinal);
        Assert.Equal(0, await WarehouseProbe.DuckDb(path).FactsAsync());
    }

    [Fact]
    public async Task Loading_a_missing_file_exits_2_with_one_line()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["load", "/nonexistent/events.ndjson", "--warehouse", "duckdb:/tmp/unused.duckdb"], TimeSpan.FromSeconds(30));
        Assert.Equal(2, code);
        Assert.Equal("facet: file '/nonexistent/events.ndjson' does not exist", error.Trim());
    }

    [Fact]
    public async Task Loading_with_a_duckdb_memory_limit_that_is_not_a_size_exits_2_with_one_line()
    {
        var (code, error) = await LoadTenEventsIntoDuckDbAsync("lots");

        Assert.Equal(2, code);
        Assert.Equal("facet: --duckdb-memory-limit must be a size such as 512MB or 2GB (got 'lots')", error.Trim());
    }

    [Fact]
    public async Task Loading_into_duckdb_past_its_memory_limit_exits_1_with_one_line_naming_the_flag_to_raise()
    {
        var (code, error) = await LoadTenEventsIntoDuckDbAsync("4MB");

        Assert.Equal(1, code);
        var failure = Assert.Single(error.Split('\n'), line => line.StartsWith("facet:", StringComparison.Ordinal));
        Assert.StartsWith("facet: Out of Memory Error: ", failure);
        Assert.EndsWith("DuckDB's buffer pool is full; raise --duckdb-memory-limit (default 512MB; also FACET_DUCKDB_MEMORY_LIMIT)", failure.TrimEnd());
        Assert.DoesNotContain("SET memory_limit", error);
    }

    private static async Task<(int Code, string Error)> LoadTenEventsIntoDuckDbAsync(string memoryLimit)
    {
        using var directory = new TempDirectory();
        var file = directory.File("events.ndjson");
        await TestEvents.Script(10, seed: "limit").WriteNdjsonAsync(file);
        var (code, _, error) = await FacetProcess.RunAsync(
            ["load", file, "--warehouse", "duckdb:" + directory.File("limit.duckdb"), "--duckdb-memory-limit", memoryLimit], TimeSpan.FromSeconds(60));
        return (code, error);
    }

    // Issue 21: deferred funnel progress makes the load cheaper; facet db maintenance computes what it queued.
    [Fact]
    public async Task Loading_with_deferred_funnel_progress_queues_devices_that_db_maintenance_computes()
    {
        using var directory = new TempDirectory();
        var path = directory.File("deferred.duckdb");
        var file = directory.File("events.ndjson");
        var script = TestEvents.Script(2000, seed: "deferred-funnels");
        await script.WriteNdjsonAsync(file);

        var (code, _, error) = await FacetProcess.RunAsync(["load", file, "--warehouse", "duckdb:" + path, "--funnel-progress", "deferred"], TimeSpan.FromSeconds(120));
        Assert.True(code == 0, error);
        var probe = WarehouseProbe.DuckDb(path);
        var queued = await probe.ScalarAsync("SELECT count(*) FROM funnel_progress_backfill");
        Assert.True(queued > 0, "no device queued");
        Assert.Equal(0, await probe.ScalarAsync("SELECT count(*) FROM funnel_progress"));

        (code, var output, error) = await FacetProcess.RunAsync(["db", "maintenance", "--warehouse", "duckdb:" + path, "--no-analyze"], TimeSpan.FromSeconds(120));
        Assert.True(code == 0, error);
        using (var result = JsonDocument.Parse(output))
        {
            Assert.Equal(queued, result.RootElement.GetProperty("funnel_devices_computed").GetInt64());
        }

        Assert.Equal(0, await probe.ScalarAsync("SELECT count(*) FROM funnel_progress_backfill"));
        Assert.True(await probe.ScalarAsync("SELECT count(*) FROM funnel_progress") > 0, "no funnel progress computed");
    }

    [Fact]
    public async Task Loading_with_an_unknown_funnel_progress_mode_exits_2_naming_the_flag()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["load", "/nonexistent/events.ndjson", "--warehouse", "duckdb:/tmp/unused.duckdb", "--funnel-progress", "later"], TimeSpan.FromSeconds(30));
        Assert.Equal(2, code);
        Assert.Contains("--funnel-progress", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
