using System.Data.Common;
using System.Text.Json;
using DuckDB.NET.Data;
using Facet.Testing;
using Npgsql;

namespace Facet.Cli.Tests.Commands;

/// <summary>
/// <c>facet db maintenance</c> (issue 20's task kind) on both backends: operational history older than the retention
/// goes, newer history and a DAG's newest scheduled run stay, PostgreSQL's fact partitions exist ahead and old ones are
/// dropped with their funnel progress, devices queued for funnel progress are computed, and a second pass changes nothing. Expectations are the rows the test wrote, counted back with plain SQL.
/// </summary>
public sealed class DbMaintenanceTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Maintenance_on_PostgreSQL_keeps_partitions_ahead_drops_old_ones_and_deletes_only_old_history()
    {
        var warehouse = postgres.ConnectionString;
        await MigrateAsync(warehouse);
        await using (var connection = new NpgsqlConnection(warehouse))
        {
            await connection.OpenAsync();
            await SeedAsync(connection, old: "now() - interval '100 days'", recent: "now() - interval '1 day'", blob: "bytea");
            await ExecuteAsync(connection,
                "CREATE TABLE fact_events_p20200101 PARTITION OF fact_events FOR VALUES FROM ('2020-01-01') TO ('2020-01-02');" +
                "CREATE TABLE fact_events_p20200102 PARTITION OF fact_events FOR VALUES FROM ('2020-01-02') TO ('2020-01-03');" +
                "INSERT INTO funnel_progress (funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key, user_agent_key) " +
                "VALUES (1, 'old', '2020-01-01 10:00:00+00', NULL, 1, NULL, 0, 0, 0), (1, 'recent', now() - interval '1 day', NULL, 1, NULL, 0, 0, 0)");
        }

        var first = await MaintainAsync(warehouse, "--retention-days", "30", "--fact-retention-days", "400", "--partitions-ahead", "20");

        Assert.Equal(["fact_events_p20200101", "fact_events_p20200102"], first.GetProperty("partitions_dropped").EnumerateArray().Select(e => e.GetString()));
        Assert.True(first.GetProperty("partitions_created").GetInt32() > 0, first.ToString());
        AssertDeleted(first, badEvents: 3, batches: 2, runs: 2, tasks: 2);
        Assert.True(first.GetProperty("analyzed").GetBoolean());
        Assert.Equal(1, first.GetProperty("funnel_progress_rows_deleted").GetInt64());
        Assert.Equal(1, first.GetProperty("funnel_devices_computed").GetInt64());
        await using (var connection = new NpgsqlConnection(warehouse))
        {
            await connection.OpenAsync();
            await AssertKeptAsync(connection);
            // The funnel progress of dropped days goes with their partitions; the queued device was computed.
            Assert.Equal(["recent"], await ListAsync(connection, "SELECT device_id FROM funnel_progress"));
            var today = DateOnly.FromDateTime(DateTime.UtcNow);
            var partitions = await ListAsync(connection, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'fact_events'::regclass");
            // Today's date may turn while the command runs: the last day ahead is checked from the day before too.
            Assert.All(Enumerable.Range(0, 20), i => Assert.Contains($"fact_events_p{today.AddDays(i):yyyyMMdd}", partitions));
            Assert.DoesNotContain("fact_events_p20200101", partitions);
        }

        var second = await MaintainAsync(warehouse, "--retention-days", "30", "--fact-retention-days", "400", "--partitions-ahead", "20");
        Assert.Empty(second.GetProperty("partitions_dropped").EnumerateArray());
        Assert.Equal((0L, 0L), (second.GetProperty("funnel_progress_rows_deleted").GetInt64(), second.GetProperty("funnel_devices_computed").GetInt64()));
        AssertDeleted(second, badEvents: 0, batches: 0, runs: 0, tasks: 0);
    }

    [Fact]
    public async Task Maintenance_on_DuckDB_deletes_only_old_history_checkpoints_and_refuses_fact_retention()
    {
        using var directory = new TempDirectory();
        var path = directory.File("w.duckdb");
        var warehouse = "duckdb:" + path;
        await MigrateAsync(warehouse);
        await using (var connection = new DuckDBConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await SeedAsync(connection, old: "CAST(current_date - INTERVAL 100 DAY AS TIMESTAMP)", recent: "CAST(current_date - INTERVAL 1 DAY AS TIMESTAMP)", blob: "BLOB");
        }

        var (refused, _, error) = await FacetProcess.RunAsync(["db", "maintenance", "--warehouse", warehouse, "--fact-retention-days", "30"], Timeout);
        Assert.Equal(2, refused);
        Assert.Contains("--fact-retention-days", error, StringComparison.Ordinal);

        var first = await MaintainAsync(warehouse, "--retention-days", "30");
        Assert.Equal(0, first.GetProperty("partitions_created").GetInt32());
        Assert.Equal(1, first.GetProperty("funnel_devices_computed").GetInt64());
        AssertDeleted(first, badEvents: 3, batches: 2, runs: 2, tasks: 2);
        await using (var connection = new DuckDBConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            await AssertKeptAsync(connection);
        }

        AssertDeleted(await MaintainAsync(warehouse, "--retention-days", "30"), badEvents: 0, batches: 0, runs: 0, tasks: 0);
    }

    [Fact]
    public async Task Maintenance_on_a_warehouse_that_was_never_migrated_exits_2_naming_db_migrate()
    {
        var database = new PostgresDatabase();
        await database.InitializeAsync();
        int code;
        string error;
        try
        {
            (code, _, error) = await FacetProcess.RunAsync(["db", "maintenance", "--warehouse", database.ConnectionString], Timeout);
        }
        finally
        {
            await database.DisposeAsync();
        }

        Assert.True(code == 2, error);
        Assert.Contains("facet db migrate", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Old and recent rows of each operational table. DAG 'd' has three finished scheduled runs that ended long ago
    /// (the newest of them must stay: the timetable continues from it) and an old run still running (never deleted).
    /// </summary>
    private static async Task SeedAsync(DbConnection connection, string old, string recent, string blob)
    {
        var statements = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var when = i < 3 ? old : recent;
            statements.Add($"INSERT INTO bad_events (source, source_partition, source_offset, received_at, reason_code, message, field, raw) VALUES ('maint', 0, {i}, {when}, 'invalid_json', 'test', NULL, CAST('x' AS {blob}))");
        }

        for (var i = 0; i < 3; i++)
        {
            var when = i < 2 ? old : recent;
            statements.Add($"INSERT INTO pipeline_batches (worker_id, started_at, committed_at, consumed, inserted, duplicates, rejected) VALUES ('w', {when}, {when}, 1, 1, 0, 0)");
        }

        string[] runs = [
            "('d', TIMESTAMP '2026-01-01 00:00:00', 'success')", "('d', TIMESTAMP '2026-01-02 00:00:00', 'failed')",
            "('d', TIMESTAMP '2026-01-03 00:00:00', 'success')", "('d', TIMESTAMP '2025-12-31 00:00:00', 'running')",
        ];
        foreach (var run in runs)
        {
            var values = run.Trim('(', ')').Split(", ");
            statements.Add($"INSERT INTO schedule_runs (dag_id, logical_date, data_interval_start, data_interval_end, run_type, state, queued_at, start_date, end_date) " +
                           $"VALUES ({values[0]}, {values[1]}, {values[1]}, {values[1]}, 'scheduled', {values[2]}, {old}, {old}, {(values[2] == "'running'" ? "NULL" : old)})");
            statements.Add($"INSERT INTO schedule_task_instances (dag_id, logical_date, task_id, state, try_number, max_tries, start_date, end_date) " +
                           $"VALUES ({values[0]}, {values[1]}, 't', {(values[2] == "'failed'" ? "'failed'" : values[2] == "'running'" ? "'running'" : "'success'")}, 1, 1, {old}, {old})");
        }

        // A device a deferred batch queued for its funnel progress (docs/reports.md): maintenance computes it.
        statements.Add("INSERT INTO funnel_progress_backfill (device_id) VALUES ('queued')");
        await ExecuteAsync(connection, string.Join(";", statements));
    }

    private static async Task AssertKeptAsync(DbConnection connection)
    {
        Assert.Equal(2, await ScalarAsync(connection, "SELECT count(*) FROM bad_events WHERE source = 'maint'"));
        Assert.Equal(1, await ScalarAsync(connection, "SELECT count(*) FROM pipeline_batches WHERE worker_id = 'w'"));
        Assert.Equal(["running", "success"], await ListAsync(connection, "SELECT state FROM schedule_runs WHERE dag_id = 'd' ORDER BY logical_date"));
        Assert.Equal(2, await ScalarAsync(connection, "SELECT count(*) FROM schedule_task_instances WHERE dag_id = 'd'"));
        Assert.Equal(1, await ScalarAsync(connection, "SELECT count(*) FROM schedule_runs WHERE dag_id = 'd' AND logical_date = TIMESTAMP '2026-01-03 00:00:00'"));
    }

    private static void AssertDeleted(JsonElement result, long badEvents, long batches, long runs, long tasks) =>
        Assert.Equal(
            (badEvents, batches, runs, tasks),
            (result.GetProperty("bad_events_deleted").GetInt64(), result.GetProperty("pipeline_batches_deleted").GetInt64(),
             result.GetProperty("schedule_runs_deleted").GetInt64(), result.GetProperty("task_instances_deleted").GetInt64()));

    private static async Task MigrateAsync(string warehouse)
    {
        var (code, _, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", warehouse], Timeout);
        Assert.True(code == 0, error);
    }

    private static async Task<JsonElement> MaintainAsync(string warehouse, params string[] extra)
    {
        var (code, output, error) = await FacetProcess.RunAsync(["db", "maintenance", "--warehouse", warehouse, .. extra], Timeout);
        Assert.True(code == 0, $"exit {code}: {error}");
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = statement;
            await command.ExecuteNonQueryAsync();
        }
    }

    private static async Task<long> ScalarAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<List<string>> ListAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var values = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
