using System.Globalization;
using DuckDB.NET.Data;
using Facet.Core.Enrichment;
using Facet.Storage.DuckDb;
using Facet.Storage.Maintenance;
using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>The warehouse contract on DuckDB: each test gets its own file in a temp folder.</summary>
public sealed class DuckDbWarehouseTests : WarehouseContractTests
{
    private readonly TempDirectory _directory = new();

    protected override WarehouseLocation Location => WarehouseLocation.Parse("duckdb:" + _directory.File("warehouse.duckdb"));

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }

    protected override Task<List<string[]>> QueryAsync(IWarehouse warehouse, string sql)
    {
        using var command = ((DuckDbWarehouse)warehouse).Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Text(reader.IsDBNull(i) ? null : reader.GetValue(i));
            }

            rows.Add(row);
        }

        return Task.FromResult(rows);
    }

    protected override Task ExecuteAsync(IWarehouse warehouse, string sql)
    {
        ((DuckDbWarehouse)warehouse).Execute(sql);
        return Task.CompletedTask;
    }

    protected override Task CreateAtSchemaVersionAsync(int version, IEnumerable<string> afterwards)
    {
        using var connection = new DuckDBConnection("Data Source=" + _directory.File("warehouse.duckdb"));
        connection.Open();
        void Execute(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }

        using (var transaction = connection.BeginTransaction())
        {
            Execute(DuckDbSql.CreateSchemaVersion);
            foreach (var migration in MigrationsUpTo("DuckDb", version))
            {
                Execute(migration.Sql);
                Execute($"INSERT INTO schema_version (version, description) VALUES ({migration.Version}, 'as an earlier Facet applied it')");
            }

            transaction.Commit();
        }

        foreach (var sql in afterwards)
        {
            Execute(sql);
        }

        Execute("CHECKPOINT");
        return Task.CompletedTask;
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task V019_flags_a_warehouse_whose_facts_lie_outside_their_devices_sessions_and_only_that_one(bool sessionsOff)
    {
        // A warehouse as a Facet before V019 could leave it: facts of a device loaded with sessions off (or with them on),
        // and no flag, since DuckDB's V017 never looked (its funnel rows were always rebuilt then).
        var options = new WarehouseOptions { SessionTimeout = sessionsOff ? TimeSpan.Zero : TimeSpan.FromMinutes(30) };
        var w = await OpenAsync(options);
        var time = new DateTimeOffset(2024, 6, 14, 10, 0, 0, TimeSpan.Zero);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a", time, deviceId: "device-1"), TestEvents.Event("b", time.AddMinutes(5), deviceId: "device-1")), CancellationToken.None);
        await ExecuteAsync(w, "DELETE FROM warehouse_flags");
        await ExecuteAsync(w, "DELETE FROM schema_version WHERE version >= 19");
        await CloseAsync(w);

        w = await OpenAsync(migrate: false);
        await w.MigrateAsync(CancellationToken.None);
        // Flagged, every device's funnel rows are rebuilt from its facts (Funnels/DuckDb/funnel_open_rows.sql).
        Assert.Equal(sessionsOff ? [["facts_without_sessions"]] : [], await QueryAsync(w, "SELECT name FROM warehouse_flags"));
    }

    [Fact]
    public async Task V022_rebuilds_fact_events_without_its_primary_key_keeping_each_fact_and_each_event_stays_stored_once()
    {
        // A fact as a Facet at version 21 stored it, under fact_events' ART primary key.
        const string Id = "4f9c1a2e-7b3d-4c5e-9a10-2b3c4d5e6f70";
        await CreateAtSchemaVersionAsync(21,
        [
            "INSERT INTO fact_events (event_key, event_date, event_id, event_ts, date_key, hour, collection, product_key, store_key, " +
            "location_key, user_agent_key, referrer_key, customer_key, is_bot, time_fallback, ingested_at, source, source_partition, source_offset) " +
            $"VALUES ('{Id}', DATE '2024-06-15', '{Id}', TIMESTAMPTZ '2024-06-15 12:30:00+00', 20240615, 12, 'view_product_detail', " +
            "0, 0, 0, 0, 0, 0, false, false, TIMESTAMPTZ '2024-06-15 12:31:00+00', 'events', 0, 1)",
        ]);
        const string PrimaryKeys = "SELECT count(*) FROM duckdb_constraints() WHERE table_name = 'fact_events' AND constraint_type = 'PRIMARY KEY'";
        var w = await OpenAsync(migrate: false);
        Assert.Equal([["1"]], await QueryAsync(w, PrimaryKeys));

        await w.MigrateAsync(CancellationToken.None);

        Assert.Equal([["0"]], await QueryAsync(w, PrimaryKeys));
        Assert.Equal([[Id, "12", "events", "1"]], await QueryAsync(w, "SELECT event_id, hour, source, source_offset FROM fact_product_views"));
        // Without the index, the loader's join of the batch's keys against the facts is what finds the stored one.
        Assert.Equal(new BatchWriteResult(1, 1, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event(Id), TestEvents.Event("new")), CancellationToken.None));
        Assert.Equal(new BatchWriteResult(0, 2, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("new"), TestEvents.Event(Id)), CancellationToken.None));
        Assert.Equal(2, await CountAsync(w, "fact_events"));
    }

    [Fact]
    public async Task A_funnel_progress_back_fill_leaves_the_rows_in_entry_order_so_a_days_read_skips_the_other_days()
    {
        // Devices whose step events spread over three days, written deferred (queued), then computed by maintenance
        // device after device: stored in that order, every part of the table would hold every day.
        var w = await OpenAsync(new WarehouseOptions { FunnelProgress = FunnelProgressMode.Deferred });
        var start = new DateTimeOffset(2024, 6, 14, 0, 0, 0, TimeSpan.Zero);
        var events = new List<EnrichedEvent>();
        for (var device = 0; device < 40; device++)
        {
            for (var visit = 0; visit < 6; visit++)
            {
                var time = start.AddHours((visit * 12) + (device % 11));
                events.Add(TestEvents.Event($"d{device}-v{visit}-a", time, deviceId: $"device-{device:00}"));
                events.Add(TestEvents.Event($"d{device}-v{visit}-b", time.AddMinutes(2), collection: "add_to_cart_action", deviceId: $"device-{device:00}"));
            }
        }

        await w.WriteBatchAsync(TestEvents.Batch([.. events]), CancellationToken.None);
        const string Columns = "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'funnel_progress' ORDER BY ordinal_position";
        var declared = await QueryAsync(w, Columns);
        await CloseAsync(w);
        Assert.Equal(40, (await WarehouseMaintenance.RunAsync(Location, new MaintenanceOptions { Analyze = false }, null, CancellationToken.None)).FunnelDevicesComputed);

        w = await OpenAsync(migrate: false);
        // The rewrite keeps the table as the migrations declare it.
        Assert.Equal(declared, await QueryAsync(w, Columns));
        var stored = (await QueryAsync(w, "SELECT funnel_id, entry_ts, device_id FROM funnel_progress ORDER BY rowid")).Select(r => string.Join(' ', r)).ToList();
        Assert.Equal(40 * 6 * 2, stored.Count);
        var inEntryOrder = (await QueryAsync(w, "SELECT funnel_id, entry_ts, device_id FROM funnel_progress ORDER BY funnel_id, entry_ts, device_id")).Select(r => string.Join(' ', r)).ToList();
        Assert.Equal(inEntryOrder, stored);
    }

    [Fact]
    public async Task Closing_without_a_checkpoint_leaves_the_log_for_the_next_open_and_loses_nothing()
    {
        var wal = Location.DuckDbPath + ".wal";
        var w = await OpenAsync(new WarehouseOptions { DuckDbCheckpointOnClose = false });
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("a"), TestEvents.Event("b")], [], [new("g", "t", 0, -1, 2)]), CancellationToken.None);
        await w.DisposeAsync();
        Assert.True(File.Exists(wal) && new FileInfo(wal).Length > 0, "the close wrote the log into the file although asked not to");

        // The next open replays the log; a default close then writes it into the file.
        var reopened = await WarehouseFactory.OpenAsync(Location, new WarehouseOptions(), null, CancellationToken.None);
        Assert.Equal(2, (await reopened.ReadCheckpointsAsync("g", "t", CancellationToken.None))[0]);
        Assert.Equal(2, await CountAsync(reopened, "fact_events"));
        Assert.Equal(new BatchWriteResult(1, 0, 0), await reopened.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("c")), CancellationToken.None));
        await reopened.DisposeAsync();
        Assert.False(File.Exists(wal) && new FileInfo(wal).Length > 0, "a default close left the log beside the file");
    }

    [Fact]
    public async Task Data_written_and_committed_survives_reopening_the_file()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("a")], [], [new("g", "t", 0, -1, 1)]), CancellationToken.None);
        await w.DisposeAsync();

        await using var reopened = await WarehouseFactory.OpenAsync(Location, new WarehouseOptions(), null, CancellationToken.None);
        Assert.Equal(1, (await reopened.ReadCheckpointsAsync("g", "t", CancellationToken.None))[0]);
        Assert.Equal(new BatchWriteResult(0, 1, 0), await reopened.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")), CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_creates_and_migrates_a_DuckDB_file_that_does_not_exist_yet()
    {
        var w = await OpenAsync(migrate: false);

        Assert.Equal([[WarehouseFactory.SchemaVersion.ToString(CultureInfo.InvariantCulture)]], await QueryAsync(w, "SELECT max(version) FROM schema_version"));
        Assert.Equal(new BatchWriteResult(1, 0, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")), CancellationToken.None));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OpenAsync_migrates_an_existing_DuckDB_file_that_holds_no_table(bool zeroBytes)
    {
        await CreateFileAsync(zeroBytes ? null : "SELECT 1");
        var w = await OpenAsync(migrate: false);

        Assert.Equal([[WarehouseFactory.SchemaVersion.ToString(CultureInfo.InvariantCulture)]], await QueryAsync(w, "SELECT max(version) FROM schema_version"));
        Assert.Equal(new BatchWriteResult(1, 0, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")), CancellationToken.None));
    }

    [Fact]
    public async Task OpenAsync_leaves_a_DuckDB_file_holding_other_tables_to_facet_db_migrate()
    {
        await CreateFileAsync("CREATE TABLE notes (note VARCHAR)");
        Assert.False(await WarehouseFactory.CreateIfNewAsync(Location, null, CancellationToken.None));
        var w = await OpenAsync(migrate: false);

        var ex = await Assert.ThrowsAsync<WarehouseSchemaException>(() => w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")), CancellationToken.None));

        Assert.Contains("has schema version 0 but this Facet needs", ex.Message, StringComparison.Ordinal);
        Assert.Equal([["1"]], await QueryAsync(w, "SELECT count(*) FROM information_schema.tables WHERE table_catalog = current_database()"));
    }

    [Fact]
    public async Task CreateIfNewAsync_creates_a_new_DuckDB_file_for_readers_once_and_never_touches_a_missing_folder()
    {
        Assert.True(await WarehouseFactory.CreateIfNewAsync(Location, null, CancellationToken.None));
        Assert.False(await WarehouseFactory.CreateIfNewAsync(Location, null, CancellationToken.None));
        await using (var reports = ReportService.Open(Location))
        {
            await reports.CheckAsync();
            Assert.Null(await reports.ResolveDayAsync(new ReportOptions()));
        }

        var elsewhere = WarehouseLocation.Parse("duckdb:" + _directory.File(Path.Combine("missing", "w.duckdb")));
        Assert.False(await WarehouseFactory.CreateIfNewAsync(elsewhere, null, CancellationToken.None));
        Assert.False(Directory.Exists(_directory.File("missing")));
    }

    private async Task CreateFileAsync(string? sql)
    {
        var path = _directory.File("warehouse.duckdb");
        if (sql is null)
        {
            await File.WriteAllBytesAsync(path, []);
            return;
        }

        await using var connection = new DuckDBConnection($"Data Source={path}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task OpenAsync_limits_DuckDB_to_512MB_and_one_thread_by_default()
    {
        await using var w = await OpenAsync();

        var rows = await QueryAsync(w, "SELECT current_setting('memory_limit'), current_setting('threads')");

        Assert.Equal(["488.2 MiB", "1"], rows.Single());
    }

    [Fact]
    public async Task OpenAsync_has_DuckDB_give_freed_memory_back_after_each_task_from_a_background_thread()
    {
        await using var w = await OpenAsync();

        var rows = await QueryAsync(w, "SELECT current_setting('allocator_flush_threshold'), current_setting('allocator_background_threads')");

        Assert.Equal(["7.6 MiB", "true"], rows.Single());
    }

    [Fact]
    public async Task OpenAsync_applies_the_configured_memory_limit_and_threads()
    {
        await using var w = await OpenAsync(new WarehouseOptions { DuckDbMemoryLimit = "2GB", DuckDbThreads = 2 });

        var rows = await QueryAsync(w, "SELECT current_setting('memory_limit'), current_setting('threads')");

        Assert.Equal(["1.8 GiB", "2"], rows.Single());
    }

    [Theory]
    [InlineData("lots")]
    [InlineData("512")]
    [InlineData("512MB; SET threads = 64")]
    public async Task OpenAsync_refuses_a_memory_limit_that_is_not_a_size(string limit)
    {
        var ex = await Assert.ThrowsAsync<ArgumentException>(() => OpenAsync(new WarehouseOptions { DuckDbMemoryLimit = limit }));

        Assert.Equal(nameof(WarehouseOptions.DuckDbMemoryLimit), ex.ParamName);
    }

    [Fact]
    public async Task Staging_tables_hold_only_the_last_batchs_rows_however_many_batches_ran()
    {
        // Regression test for DuckDB keeping deleted rows of a temp table in memory (issues 18 and 22): a stage emptied
        // by DELETE counts every earlier batch's rows in estimated_size (and holds their memory), one dropped and
        // created again only its own.
        await using var w = await OpenAsync();
        const int Batches = 12, EventsPerBatch = 40;
        for (var b = 0; b < Batches; b++)
        {
            var events = Enumerable.Range(0, EventsPerBatch).Select(i => TestEvents.Event(
                $"b{b}-e{i}", TestEvents.Noon.AddMinutes(b * 7 + i), productId: $"{1000 + b * EventsPerBatch + i}", city: $"City {b}",
                deviceId: $"dev-{i % 9}", referrerHost: $"ref{b}.example", bot: i % 11 == 0, offset: b * EventsPerBatch + i)).ToList();
            var rejections = Enumerable.Range(0, 3).Select(i => TestEvents.Rejection(100_000 + b * 3 + i)).ToList();
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(events, rejections, [new("g", "t", 0, b == 0 ? -1 : b * EventsPerBatch, (b + 1) * EventsPerBatch)]),
                CancellationToken.None);
        }

        var stages = await QueryAsync(w, "SELECT table_name, estimated_size FROM duckdb_tables() WHERE temporary ORDER BY table_name");
        var names = stages.Select(s => s[0]).ToList();
        Assert.Superset(new HashSet<string>(["facet_stage_keys", "facet_stage_bad", "facet_stage_rollups", "facet_stage_kpi_devices_daily",
            "session_scope", "session_rollup_changes", "stage_session_events"]), new HashSet<string>(names));
        Assert.Contains(names, n => n.StartsWith("facet_stage_dim_", StringComparison.Ordinal));
        foreach (var stage in stages)
        {
            var rows = (await QueryAsync(w, $"SELECT count(*) FROM temp.main.{stage[0]}")).Single()[0];
            Assert.True(stage[1] == rows, $"{stage[0]} holds {stage[1]} rows for the {rows} of the last batch");
        }

        Assert.Equal([["40"]], await QueryAsync(w, "SELECT count(*) FROM temp.main.facet_stage_keys"));
        Assert.Equal([[(Batches * EventsPerBatch).ToString(CultureInfo.InvariantCulture)]], await QueryAsync(w, "SELECT count(*) FROM fact_events"));
        Assert.Equal([[(Batches * 3).ToString(CultureInfo.InvariantCulture)]], await QueryAsync(w, "SELECT count(*) FROM bad_events"));
    }

    [Fact]
    public async Task WriteBatchAsync_prepares_each_batch_statement_once_and_reuses_it_across_batches()
    {
        await using var w = await OpenAsync();
        var duck = (DuckDbWarehouse)w;
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("a")], [], [new("g", "t", 0, -1, 1)]), CancellationToken.None);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("b")], [], [new("g", "t", 0, 1, 2)]), CancellationToken.None);
        var afterTwo = duck.PreparedCount; // the first batch inserts the checkpoint, later ones update it

        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("b"), TestEvents.Event("c")], [], [new("g", "t", 0, 2, 4)]), CancellationToken.None);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("d")], [], [new("g", "t", 0, 4, 5)]), CancellationToken.None);

        Assert.True(afterTwo > 5, $"only {afterTwo} statements were prepared");
        Assert.Equal(afterTwo, duck.PreparedCount);
        Assert.Equal([["4"]], await QueryAsync(w, "SELECT count(*) FROM fact_events"));
        Assert.Equal([["5"]], await QueryAsync(w, "SELECT next_offset FROM stream_checkpoints"));
    }

    [Fact]
    public async Task Statement_times_count_every_call_of_each_batch_statement_and_its_reads()
    {
        await using var w = await OpenAsync();
        var duck = (DuckDbWarehouse)w;
        for (var i = 0; i < 3; i++)
        {
            await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("e" + i)], [], [new("g", "t", 0, i == 0 ? -1 : i, i + 1)]), CancellationToken.None);
        }

        var top = duck.StatementTimes.Top(1_000);
        Assert.Equal(top.OrderByDescending(t => t.Seconds), top);
        // One call per batch: the stored-key probe (a read), the session rollup (a statement) and the funnel fact read.
        Assert.Equal(3, Assert.Single(top, t => t.Statement.StartsWith("SELECT s.event_key, s.event_date FROM facet_stage_keys", StringComparison.Ordinal)).Calls);
        Assert.Equal(3, Assert.Single(top, t => t.Statement.StartsWith("INSERT INTO session_rollup (", StringComparison.Ordinal)).Calls);
        Assert.Equal(3, Assert.Single(top, t => t.Statement.StartsWith("SELECT f.device_id, f.event_id", StringComparison.Ordinal)).Calls);
        Assert.All(top, t => Assert.True(t.Seconds > 0 && t.Statement.Length <= 121 && !t.Statement.Contains('\n'), t.Statement));
    }
}
