using Facet.Storage.Streams;
using Facet.Core.Streams;
using Facet.Core.Enrichment;
using System.Globalization;
using Facet.Storage.Internal;
using Facet.Storage.Reports;
using Facet.Storage.Tests.Reports;
using Facet.Storage.Tests.Sessions;
using Facet.Testing;
using Microsoft.Extensions.Logging;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// The warehouse contract, run against every backend (PostgreSQL and DuckDB subclasses). Each test gets a fresh,
/// migrated warehouse.
/// </summary>
public abstract partial class WarehouseContractTests : IAsyncLifetime
{
    private readonly List<IWarehouse> _opened = [];

    protected abstract WarehouseLocation Location { get; }

    /// <summary>Runs a query on the warehouse database and returns rows with every value as invariant text.</summary>
    protected abstract Task<List<string[]>> QueryAsync(IWarehouse warehouse, string sql);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var w in _opened)
        {
            await w.DisposeAsync();
        }
    }

    protected async Task<IWarehouse> OpenAsync(WarehouseOptions? options = null, bool migrate = true, ILoggerFactory? logs = null)
    {
        var warehouse = await WarehouseFactory.OpenAsync(Location, options ?? new WarehouseOptions(), logs, CancellationToken.None);
        _opened.Add(warehouse);
        if (migrate)
        {
            await warehouse.MigrateAsync(CancellationToken.None);
        }

        return warehouse;
    }

    /// <summary>Disposes a warehouse this test opened (as a process exit would) so the next open starts from its rows.</summary>
    protected async Task CloseAsync(IWarehouse warehouse)
    {
        await warehouse.DisposeAsync();
        _opened.Remove(warehouse);
    }

    /// <summary>A restart: closes the warehouse and opens it again with <paramref name="options"/>, without migrating.</summary>
    protected async Task<IWarehouse> ReopenAsync(IWarehouse warehouse, WarehouseOptions options)
    {
        await CloseAsync(warehouse);
        return await OpenAsync(options, migrate: false);
    }

    /// <summary>
    /// Opens a migrated warehouse and writes the clickstream batches in order, restarting half-way: whatever state the
    /// writer keeps must be warehouse rows, since nothing else carries over. Returns the warehouse as reopened.
    /// </summary>
    protected async Task<IWarehouse> WriteWithRestartHalfwayAsync(WarehouseOptions options, IReadOnlyList<List<EnrichedEvent>> batches)
    {
        var w = await OpenAsync(options);
        for (var i = 0; i < batches.Count; i++)
        {
            if (i == batches.Count / 2)
            {
                w = await ReopenAsync(w, options);
            }

            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[i], [], []), CancellationToken.None);
        }

        return w;
    }

    protected static string Text(object? value) => value switch
    {
        null or DBNull => "null",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IConvertible c when value is not string => Convert.ToDecimal(c, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    protected async Task<long> CountAsync(IWarehouse w, string table) => long.Parse((await QueryAsync(w, $"SELECT count(*) FROM {table}"))[0][0], CultureInfo.InvariantCulture);

    private async Task<string> SnapshotAsync(IWarehouse w)
    {
        var parts = new List<string>();
        foreach (var table in new[] { "fact_events", "bad_events", "stream_checkpoints", "dim_product", "dim_store", "dim_location", "dim_user_agent", "dim_referrer", "dim_customer", "pipeline_batches", "funnel_progress" })
        {
            parts.Add($"{table}={await CountAsync(w, table)}");
        }

        foreach (var t in RollupTable.All)
        {
            var rows = await QueryAsync(w, $"SELECT {string.Join(", ", t.KeyColumns)}, events FROM {t.Name} ORDER BY {string.Join(", ", t.KeyColumns)}");
            parts.Add(t.Name + "=" + string.Join(";", rows.Select(r => string.Join(",", r))));
        }

        return string.Join("\n", parts);
    }

    [Fact]
    public async Task MigrateAsync_twice_is_a_no_op()
    {
        var w = await OpenAsync();
        var before = await SnapshotAsync(w);
        await w.MigrateAsync(CancellationToken.None);
        Assert.Equal(before, await SnapshotAsync(w));
        var versions = await QueryAsync(w, "SELECT version FROM schema_version ORDER BY version");
        Assert.Equal(Enumerable.Range(1, WarehouseFactory.SchemaVersion).Select(v => v.ToString(CultureInfo.InvariantCulture)), versions.Select(r => r[0]));
        Assert.Equal(40178, await CountAsync(w, "dim_date"));
    }

    [Fact]
    public async Task WriteBatchAsync_on_a_warehouse_with_an_older_schema_says_to_run_facet_db_migrate()
    {
        var old = await OpenAsync();
        await ExecuteAsync(old, "DELETE FROM schema_version WHERE version > 1");
        await old.DisposeAsync();
        _opened.Remove(old);

        // Opening never upgrades a warehouse that already has a schema, on either backend (issue 23).
        var w = await OpenAsync(migrate: false);
        var ex = await Assert.ThrowsAsync<WarehouseSchemaException>(() => w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")), CancellationToken.None));
        Assert.Contains($"has schema version 1 but this Facet needs {WarehouseFactory.SchemaVersion}: run facet db migrate --warehouse {Location}", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<WarehouseSchemaException>(() => w.ReadCheckpointsAsync("g", "t", CancellationToken.None));
        Assert.False(await WarehouseFactory.CreateIfNewAsync(Location, null, CancellationToken.None));
        Assert.Equal([["1"]], await QueryAsync(w, "SELECT max(version) FROM schema_version"));
    }

    [Fact]
    public async Task OpenAsync_refuses_a_warehouse_with_a_newer_schema()
    {
        var w = await OpenAsync();
        await ExecuteAsync(w, $"INSERT INTO schema_version (version, description) VALUES ({WarehouseFactory.SchemaVersion + 1}, 'from the future')");
        await CloseAsync(w);

        var ex = await Assert.ThrowsAsync<WarehouseSchemaException>(() => WarehouseFactory.OpenAsync(Location, new WarehouseOptions(), null, CancellationToken.None));
        Assert.Contains("newer", ex.Message, StringComparison.Ordinal);
    }

    protected abstract Task ExecuteAsync(IWarehouse warehouse, string sql);

    [Fact]
    public async Task MigrateAsync_from_version_1_back_fills_the_report_rollups_and_reports_the_same_numbers()
    {
        var w = await OpenAsync();
        var scenario = new ReportScenario(seed: 21);
        scenario.Generate(1500, new DateTimeOffset(2024, 5, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 5, 3, 0, 0, 0, TimeSpan.Zero));
        await ReportScenario.WriteAsync(w, scenario.Events, 400);
        var day = new DateOnly(2024, 5, 2);
        var before = await RunEveryReportAsync(scenario, day);

        // Turn the warehouse back into a version 1 warehouse holding the same data (V001's city×store rollup, as its loader kept it).
        foreach (var sql in new[]
        {
            "DROP TABLE rollup_country_store_hourly", "DROP TABLE rollup_product_daily", "DROP TABLE rollup_country_store_daily",
            "DROP TABLE rollup_collection_daily", "DROP TABLE kpi_devices_daily",
            "CREATE TABLE rollup_location_store_hourly (hour_utc timestamptz NOT NULL, collection text NOT NULL, is_bot boolean NOT NULL, " +
            "location_key integer NOT NULL, store_key integer NOT NULL, events bigint NOT NULL, PRIMARY KEY (hour_utc, collection, is_bot, location_key, store_key))",
            "INSERT INTO rollup_location_store_hourly SELECT date_trunc('hour', event_ts), collection, is_bot, location_key, store_key, count(*) FROM fact_events GROUP BY 1, 2, 3, 4, 5",
            // V004's schema registry tables (issue 17).
            "DROP TABLE registry_config", "DROP TABLE registry_subject_versions", "DROP TABLE registry_schemas",
            // The commerce tables of V006 (issue 18) did not exist in version 1 either.
            "DROP TABLE fact_order_line", "DROP TABLE fact_order", "DROP TABLE fact_product_view", "DROP TABLE fact_user_interaction",
            "DROP TABLE fact_click_event", "DROP TABLE fact_system_log", "DROP TABLE dim_commerce_product_version", "DROP TABLE dim_commerce_product",
            "DROP TABLE dim_commerce_customer",
            // V007's partial index on checkout_success facts (PostgreSQL only; DuckDB records the version alone).
            "DROP INDEX IF EXISTS fact_events_orders",
            // V008's sessions (issue 21).
            "DROP TABLE fact_sessions", "DROP TABLE session_late_events", "DROP INDEX IF EXISTS fact_events_device_ts",
            // V025's hash index that replaced it (PostgreSQL only).
            "DROP INDEX IF EXISTS fact_events_device",
            // V009's event-time window state (issue 19).
            "DROP TABLE window_definition", "DROP TABLE window_state", "DROP TABLE window_aggregate", "DROP TABLE window_member",
            "DROP TABLE window_late_event", "DROP TABLE window_late_example", "DROP TABLE window_watermark",
            // V010's session rollup (issue 21).
            "DROP TABLE session_rollup",
            // V011's families of each logged batch (issue 20); DuckDB alters no table an index depends on.
            "DROP INDEX pipeline_batches_committed_at", "ALTER TABLE pipeline_batches DROP COLUMN families",
            "CREATE INDEX pipeline_batches_committed_at ON pipeline_batches (committed_at)",
            // V014's funnel progress and its back-fill queue (issue 21).
            "DROP TABLE funnel_progress", "DROP TABLE funnel_progress_backfill",
            // V017's warehouse flags (issue 22; funnel_progress' walk state went with the table above).
            "DROP TABLE warehouse_flags",
            // V005's scheduler tables (issue 20).
            "DROP TABLE schedule_task_instances", "DROP TABLE schedule_runs", "DROP TABLE schedule_leases",
            // V023's pending derived rows (issue 22).
            "DROP TABLE derived_pending",
            "DELETE FROM schema_version WHERE version > 1",
        })
        {
            await ExecuteAsync(w, sql);
        }

        await w.MigrateAsync(CancellationToken.None);

        Assert.Equal("0", (await QueryAsync(w, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'rollup_location_store_hourly'"))[0][0]);
        await AssertRollupsEqualRecountAsync(w);
        var after = await RunEveryReportAsync(scenario, day);
        Assert.Equal(before, after);
        Assert.Equal(SessionOracle.Run([scenario.Events], TimeSpan.FromMinutes(30), TimeSpan.FromDays(365)).Sessions, await SessionRowsAsync(w));

        // The migrated warehouse keeps loading: the new rollups stay exact.
        var more = new ReportScenario(seed: 22);
        more.Generate(300, new DateTimeOffset(2024, 5, 2, 6, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 5, 2, 9, 0, 0, TimeSpan.Zero));
        await ReportScenario.WriteAsync(w, more.Events, 400);
        await AssertRollupsEqualRecountAsync(w);
        scenario.Events.AddRange(more.Events);
        await RunEveryReportAsync(scenario, day);
    }

    [Fact]
    public async Task Kpi_unique_devices_for_today_leave_out_devices_first_seen_after_now()
    {
        var w = await OpenAsync();
        var day = TestEvents.Noon;
        await w.WriteBatchAsync(TestEvents.Batch(
            TestEvents.Event("a", day.AddHours(-2), deviceId: "early"),
            TestEvents.Event("b", day.AddHours(3), deviceId: "early"),
            TestEvents.Event("c", day.AddHours(4), deviceId: "late"),
            TestEvents.Event("d", day.AddHours(-1), deviceId: "bot", bot: true)), CancellationToken.None);
        // A later batch with an earlier first event for "late": first_ts moves back.
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("e", day.AddMinutes(-30), deviceId: "late")), CancellationToken.None);
        await AssertRollupsEqualRecountAsync(w);

        var clock = new ManualTimeProvider(day.AddMinutes(-45));
        await using var reports = ReportService.Open(Location, readOnly: true, clock);
        Assert.Equal(1, (await reports.GetKpisAsync(new ReportOptions { Date = ReportDate.Today })).UniqueDevices);
        Assert.Equal(2, (await reports.GetKpisAsync(new ReportOptions { Date = ReportDate.Today, IncludeBots = true })).UniqueDevices);
        clock.Now = day;
        Assert.Equal(2, (await reports.GetKpisAsync(new ReportOptions { Date = ReportDate.Today })).UniqueDevices);
        Assert.Equal(3, (await reports.GetKpisAsync(new ReportOptions { Date = ReportDate.On(DateOnly.FromDateTime(day.UtcDateTime)), IncludeBots = true })).UniqueDevices);
    }

    /// <summary>Every report and the unique-devices KPI for one UTC day, each checked against the raw events; all rows as text.</summary>
    private async Task<List<string>> RunEveryReportAsync(ReportScenario scenario, DateOnly day)
    {
        await using var reports = ReportService.Open(Location, readOnly: true);
        var options = new ReportOptions { Date = ReportDate.On(day) };
        var topProduct = ((TopProductRow)ReportOracle.Run(scenario.Events, ReportKind.TopProducts, options, day)[0]).ProductId;
        var topCountry = ((TopCountryRow)ReportOracle.Run(scenario.Events, ReportKind.TopCountries, options, day)[0]).CountryCode;
        options = options with { Product = topProduct, Country = topCountry };
        var all = new List<string>();
        foreach (var kind in ReportOracle.ViewKinds)
        {
            var result = await reports.RunAsync(kind, options);
            Assert.Equal(ReportOracle.Run(scenario.Events, kind, options, day), result.Rows);
            Assert.Equal(ReportOracle.DailySource(kind), result.Source);
            all.AddRange(result.Rows.Select(r => r.ToString()));
        }

        var kpis = await reports.GetKpisAsync(options);
        var devices = scenario.Events.Where(e => DateOnly.FromDateTime(e.Event.EventTime.UtcDateTime) == day && !e.IsBot && e.Event.DeviceId is not null)
            .Select(e => e.Event.DeviceId).Distinct(StringComparer.Ordinal).Count();
        Assert.Equal(devices, kpis.UniqueDevices);
        all.Add($"devices={kpis.UniqueDevices}");
        return all;
    }

    [Fact]
    public async Task WriteBatchAsync_of_the_same_batch_twice_changes_nothing_the_second_time()
    {
        var w = await OpenAsync();
        var batch = WarehouseBatch.Clickstream(
            [TestEvents.Event("a"), TestEvents.Event("b", productId: "2002"), TestEvents.Event("c", bot: true, country: "CL")],
            [TestEvents.Rejection(10), TestEvents.Rejection(11)],
            []) with { Info = new BatchInfo("worker-1", 5, 42, TestEvents.Noon) };

        Assert.Equal(new BatchWriteResult(3, 0, 2), await w.WriteBatchAsync(batch, CancellationToken.None));
        var afterFirst = await SnapshotAsync(w);
        var second = await w.WriteBatchAsync(batch with { Info = null }, CancellationToken.None);

        Assert.Equal(new BatchWriteResult(0, 3, 0), second);
        Assert.Equal(afterFirst, await SnapshotAsync(w));
    }

    [Fact]
    public async Task WriteBatchAsync_inserts_an_event_repeated_inside_one_batch_once()
    {
        var w = await OpenAsync();
        var result = await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("dup"), TestEvents.Event("x"), TestEvents.Event("dup", offset: 7)), CancellationToken.None);

        Assert.Equal(new BatchWriteResult(2, 1, 0), result);
        Assert.Equal(2, await CountAsync(w, "fact_events"));
        Assert.Equal("2", (await QueryAsync(w, "SELECT sum(events) FROM rollup_collection_hourly"))[0][0]);
    }

    [Fact]
    public async Task WriteBatchAsync_skips_events_already_written_by_an_earlier_batch_and_counts_only_new_ones_in_rollups()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a"), TestEvents.Event("b")), CancellationToken.None);
        var result = await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("b"), TestEvents.Event("c"), TestEvents.Event("a")), CancellationToken.None);

        Assert.Equal(new BatchWriteResult(1, 2, 0), result);
        Assert.Equal(3, await CountAsync(w, "fact_events"));
        Assert.Equal("3", (await QueryAsync(w, "SELECT sum(events) FROM rollup_product_hourly"))[0][0]);

        // After a duplicate the PostgreSQL loader switches to insert-if-absent: that path must agree too.
        Assert.Equal(new BatchWriteResult(1, 1, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("c"), TestEvents.Event("d")), CancellationToken.None));
        await AssertRollupsEqualRecountAsync(w);
    }

    [Fact]
    public async Task Two_warehouses_writing_the_same_events_concurrently_store_each_once()
    {
        // Two objects on one warehouse (on DuckDB they share the file's database instance and its write gate).
        var a = await OpenAsync();
        var b = await OpenAsync(migrate: false);
        for (var round = 0; round < 3; round++)
        {
            await WriteTheSameEventsConcurrentlyAsync(a, b, ConcurrentRound(round));
        }

        Assert.Equal("900", (await QueryAsync(a, "SELECT count(*) FROM fact_events"))[0][0]);
        Assert.Equal("0", (await QueryAsync(a, "SELECT count(*) FROM (SELECT event_key, event_date FROM fact_events GROUP BY 1, 2 HAVING count(*) > 1) d"))[0][0]);
        await AssertRollupsEqualRecountAsync(a);
    }

    /// <summary>300 new events (ids unique to the round) over 300 minutes and 7 products.</summary>
    protected static Facet.Core.Enrichment.EnrichedEvent[] ConcurrentRound(int round) =>
        Enumerable.Range(0, 300)
            .Select(i => TestEvents.Event($"r{round}-{i}", TestEvents.Noon.AddMinutes(i), productId: (1000 + (i % 7)).ToString(CultureInfo.InvariantCulture)))
            .ToArray();

    /// <summary>Writes the events through both warehouses at once (in opposite orders) and checks each went in once.</summary>
    protected static async Task WriteTheSameEventsConcurrentlyAsync(IWarehouse a, IWarehouse b, Facet.Core.Enrichment.EnrichedEvent[] events)
    {
        var results = await Task.WhenAll(
            Task.Run(() => a.WriteBatchAsync(WarehouseBatch.Clickstream(events, [], []), CancellationToken.None)),
            Task.Run(() => b.WriteBatchAsync(WarehouseBatch.Clickstream(events.Reverse().ToArray(), [], []), CancellationToken.None)));

        Assert.Equal(events.Length, results.Sum(r => r.Inserted));
        Assert.Equal(events.Length, results.Sum(r => r.Duplicates));
    }

    [Fact]
    public async Task WriteBatchAsync_with_events_prepared_ahead_stores_what_preparing_at_write_time_stores()
    {
        var events = new[] { TestEvents.Event("a"), TestEvents.Event("b", productId: "2002"), TestEvents.Event("a", offset: 9), TestEvents.Event("c", bot: true, country: "CL") };
        var w = await OpenAsync();
        var prepared = w.Writer<EnrichedEvent>(StreamNames.Clickstream).Prepare(events);
        Assert.Equal(4, prepared.Count);

        var first = await w.WriteBatchAsync(new WarehouseBatch([prepared], [], []), CancellationToken.None);
        Assert.Equal(new BatchWriteResult(3, 1, 0), first);
        Assert.Equal(new StreamWriteResult(StreamNames.Clickstream, 3, 1), Assert.Single(first.Streams));
        Assert.Equal("3", (await QueryAsync(w, "SELECT count(*) FROM fact_events f JOIN dim_product p USING (product_key) WHERE p.product_id IN ('1001', '2002')"))[0][0]);
        await AssertRollupsEqualRecountAsync(w);
        var afterFirst = await SnapshotAsync(w);

        // The same events prepared at write time are all known now: nothing changes.
        Assert.Equal(new BatchWriteResult(0, 4, 0), await w.WriteBatchAsync(WarehouseBatch.Clickstream(events, [], []), CancellationToken.None));
        Assert.Equal(afterFirst, await SnapshotAsync(w));
    }

    [Fact]
    public async Task WriteBatchAsync_refuses_a_stream_the_warehouse_does_not_have_and_writes_nothing()
    {
        var w = await OpenAsync();
        var unknown = StreamRows<EnrichedEvent>.Unprepared("no-such-stream", [TestEvents.Event("x")]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => w.WriteBatchAsync(new WarehouseBatch([unknown], [], [new("g", "events", 0, -1, 1)]), CancellationToken.None));
        Assert.Contains("no-such-stream", error.Message, StringComparison.Ordinal);
        Assert.Empty(await w.ReadCheckpointsAsync("g", "events", CancellationToken.None));
    }

    [Fact]
    public async Task WriteBatchAsync_puts_late_and_early_events_in_their_own_day_and_hour_in_the_reporting_time_zone()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var w = await OpenAsync(new WarehouseOptions { ReportingTimeZone = berlin });
        var late = new DateTimeOffset(2019, 3, 31, 23, 15, 0, TimeSpan.Zero); // 01:15 on 1 April in Berlin (CEST)
        var winter = new DateTimeOffset(2020, 1, 10, 23, 59, 0, TimeSpan.Zero); // 00:59 on 11 January (CET)
        var future = new DateTimeOffset(2031, 7, 4, 5, 0, 0, TimeSpan.Zero);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("late", late), TestEvents.Event("winter", winter), TestEvents.Event("future", future)), CancellationToken.None);

        var rows = await QueryAsync(w, "SELECT event_id, date_key, hour, event_date FROM fact_events ORDER BY event_id");
        Assert.Equal(["future|20310704|7|2031-07-04", "late|20190401|1|2019-03-31", "winter|20200111|0|2020-01-10"],
            rows.Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[3][..10]}"));
        var hours = await QueryAsync(w, "SELECT hour_utc FROM rollup_collection_hourly ORDER BY hour_utc");
        Assert.Equal(["2019-03-31 23:00:00", "2020-01-10 23:00:00", "2031-07-04 05:00:00"], hours.Select(r => r[0]));
        Assert.Equal(["Europe/Berlin|20190401", "Europe/Berlin|20200111", "Europe/Berlin|20310704"],
            (await QueryAsync(w, "SELECT zone, date_key FROM rollup_collection_daily ORDER BY date_key")).Select(r => $"{r[0]}|{r[1]}"));
        await AssertRollupsEqualRecountAsync(w, "Europe/Berlin");
    }

    [Fact]
    public async Task WriteBatchAsync_stores_a_sub_microsecond_event_time_floored_to_the_microsecond_before_and_after_2000()
    {
        // The batch orders and cuts its own events (sessions, funnel progress) by FactRow.EventMicros: the stored time must
        // be that value on every backend. PostgreSQL's binary timestamps count from 2000 and truncated toward it, so a
        // 1995 time 1.5 µs past the second was stored at 2 µs.
        var w = await OpenAsync();
        var before = new DateTimeOffset(1995, 6, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(15);
        var after = new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero).AddTicks(15);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("before", before), TestEvents.Event("after", after)), CancellationToken.None);

        var rows = await QueryAsync(w, "SELECT event_id, CAST(extract(microseconds FROM event_ts) AS BIGINT) FROM fact_events ORDER BY event_id");
        Assert.Equal(["after|1", "before|1"], rows.Select(r => $"{r[0]}|{r[1]}"));
    }

    [Fact]
    public async Task WriteBatchAsync_stores_ids_held_as_bytes_as_the_text_sent_and_keys_a_uuid_id_by_itself()
    {
        var w = await OpenAsync();
        const string Uuid = "2ae33732-baa5-4cef-a9e9-14090e4ca819";
        const string UpperUuid = "9C5C7A35-F1E4-4A7C-9C49-5E7AD2B9A1C0";
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event(Uuid), TestEvents.Event(UpperUuid), TestEvents.Event("n1")), CancellationToken.None);

        var rows = await QueryAsync(w, "SELECT event_id, source_doc_id, CAST(event_key AS VARCHAR) FROM fact_events ORDER BY event_id");
        Assert.Equal(
            [$"{Uuid}|5ed8cb2bc671fc36b74653ad|{Uuid}", $"{UpperUuid}|5ed8cb2bc671fc36b74653ad|{UpperUuid.ToLowerInvariant()}",
             $"n1|5ed8cb2bc671fc36b74653ad|{EventKeys.For("n1")}"],
            rows.Select(r => $"{r[0]}|{r[1]}|{r[2]}"));
    }

    [Fact]
    public async Task WriteBatchAsync_uses_the_unknown_member_of_every_dimension_when_nothing_is_known()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Bare("bare")), CancellationToken.None);

        var keys = (await QueryAsync(w, "SELECT product_key, store_key, location_key, user_agent_key, referrer_key, customer_key FROM fact_events"))[0];
        Assert.All(keys, k => Assert.Equal("0", k));
        foreach (var (table, key) in new[] { ("dim_product", "product_key"), ("dim_store", "store_key"), ("dim_location", "location_key"), ("dim_user_agent", "user_agent_key"), ("dim_referrer", "referrer_key"), ("dim_customer", "customer_key") })
        {
            Assert.Equal(1, await CountAsync(w, table));
            Assert.Equal("0", (await QueryAsync(w, $"SELECT {key} FROM {table}"))[0][0]);
        }

        Assert.Equal("0", (await QueryAsync(w, "SELECT date_key FROM dim_date WHERE date_key = 0"))[0][0]);
    }

    [Fact]
    public async Task An_empty_natural_key_counts_into_the_unknown_members_rollup_row_with_the_events_that_have_none()
    {
        // '' is the Unknown member's natural key (V001): a product id "" and no product id are two batch members with one
        // surrogate key, 0. Their rollup rows become one (an upsert meeting a key twice fails on PostgreSQL).
        var w = await OpenAsync();
        await w.WriteBatchAsync(TestEvents.Batch(
            TestEvents.Event("empty-id", productId: ""),
            TestEvents.Event("no-id", productId: null),
            TestEvents.Event("known", productId: "1001")), CancellationToken.None);

        Assert.Equal(
            ["0|2", "1001|1"],
            (await QueryAsync(w, "SELECT coalesce(p.product_id, p.product_key::text), sum(r.events) FROM rollup_product_hourly r JOIN dim_product p ON p.product_key = r.product_key GROUP BY 1 ORDER BY 1"))
                .Select(r => $"{r[0]}|{r[1]}"));
        Assert.Equal(2, await CountAsync(w, "dim_product"));
        await AssertRollupsEqualRecountAsync(w);
    }

    [Fact]
    public async Task WriteBatchAsync_stores_one_dimension_row_per_distinct_member()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a"), TestEvents.Event("b", deviceId: "dev-2"), TestEvents.Event("c", city: "Hamburg")), CancellationToken.None);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("d"), TestEvents.Event("e", browser: "Firefox")), CancellationToken.None);

        Assert.Equal(3, await CountAsync(w, "dim_location")); // Unknown, Berlin, Hamburg
        Assert.Equal(2, await CountAsync(w, "dim_product"));
        Assert.Equal(3, await CountAsync(w, "dim_user_agent"));
        Assert.Equal(3, await CountAsync(w, "dim_customer"));
        var keys = await QueryAsync(w, "SELECT DISTINCT f.user_agent_key, u.browser FROM fact_events f JOIN dim_user_agent u ON u.user_agent_key = f.user_agent_key ORDER BY 2");
        Assert.Equal(["Chrome", "Firefox"], keys.Select(r => r[1]));
    }

    /// <summary>The steps of a batch written with its derived rows inline (DerivedPending: see the PostgreSQL tests).</summary>
    public static TheoryData<int> Steps() => [.. Enum.GetValues<WriteStep>().Where(s => s != WriteStep.DerivedPending).Select(s => (int)s)];

    /// <summary>
    /// For the step-fault tests: a warehouse holding one batch (event "seed", checkpoint 1), its snapshot, and the batch
    /// to interrupt: a new event with new dimension members, a copy of "seed", a rejection and the checkpoint to 4.
    /// </summary>
    protected async Task<(IWarehouse Warehouse, string Before, WarehouseBatch Batch)> OpenForStepFaultAsync(WarehouseOptions options)
    {
        var w = await OpenAsync(options);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("seed")], [], [new CheckpointAdvance("g", "events", 0, -1, 1)]), CancellationToken.None);
        await w.FlushAsync(CancellationToken.None);
        var batch = WarehouseBatch.Clickstream(
            [TestEvents.Event("n1", productId: "9", country: "FR", browser: "Safari", deviceId: "new"), TestEvents.Event("seed")],
            [TestEvents.Rejection(3)],
            [new CheckpointAdvance("g", "events", 0, 1, 4)]) with { Info = new BatchInfo("w", 4, 0, TestEvents.Noon) };
        return (w, await SnapshotAsync(w), batch);
    }

    [Theory]
    [MemberData(nameof(Steps))]
    public Task WriteBatchAsync_failing_before_a_step_leaves_nothing_half_written_and_the_retry_succeeds(int step) =>
        FailBeforeStepAsync(step, new WarehouseOptions());

    protected async Task FailBeforeStepAsync(int step, WarehouseOptions options)
    {
        var (w, before, batch) = await OpenForStepFaultAsync(options);

        options.BeforeStep = s =>
        {
            if ((int)s == step)
            {
                throw new InvalidOperationException("injected failure before " + s);
            }
        };
        await Assert.ThrowsAsync<InvalidOperationException>(() => w.WriteBatchAsync(batch, CancellationToken.None));
        Assert.Equal(before, await SnapshotAsync(w));

        options.BeforeStep = null;
        Assert.Equal(new BatchWriteResult(1, 1, 1), await w.WriteBatchAsync(batch, CancellationToken.None));
        Assert.Equal(4, (await w.ReadCheckpointsAsync("g", "events", CancellationToken.None))[0]);
        var keys = (await QueryAsync(w, "SELECT p.product_id, l.country_code FROM fact_events f JOIN dim_product p ON p.product_key = f.product_key JOIN dim_location l ON l.location_key = f.location_key WHERE f.event_id = 'n1'"))[0];
        Assert.Equal(["9", "FR"], keys);
        await w.FlushAsync(CancellationToken.None); // rollups that trail their batch (PostgreSQL's trailing transactions)
        await AssertRollupsEqualRecountAsync(w);
    }

    [Fact]
    public async Task WriteBatchAsync_advances_checkpoints_guarded_by_the_expected_offset()
    {
        var w = await OpenAsync();
        Assert.Empty(await w.ReadCheckpointsAsync("g", "events", CancellationToken.None));
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("a")], [], [new("g", "events", 0, -1, 10), new("g", "events", 1, -1, 5)]), CancellationToken.None);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([], [], [new("g", "events", 0, 10, 20)]), CancellationToken.None);

        var checkpoints = await w.ReadCheckpointsAsync("g", "events", CancellationToken.None);
        Assert.Equal(20, checkpoints[0]);
        Assert.Equal(5, checkpoints[1]);
        Assert.Empty(await w.ReadCheckpointsAsync("other-group", "events", CancellationToken.None));
    }

    [Fact]
    public async Task WriteBatchAsync_with_a_stale_checkpoint_throws_CheckpointConflictException_and_writes_nothing()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("a")], [], [new("g", "events", 0, -1, 10)]), CancellationToken.None);
        var before = await SnapshotAsync(w);

        var stale = new CheckpointAdvance("g", "events", 0, 5, 15);
        var ex = await Assert.ThrowsAsync<CheckpointConflictException>(() =>
            w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("b")], [TestEvents.Rejection(12)], [new("g", "events", 1, -1, 3), stale]), CancellationToken.None));
        Assert.Equal(stale, ex.Advance);
        var again = await Assert.ThrowsAsync<CheckpointConflictException>(() =>
            w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("c")], [], [new("g", "events", 0, -1, 11)]), CancellationToken.None));
        Assert.Equal(-1, again.Advance.ExpectedNextOffset);

        Assert.Equal(before, await SnapshotAsync(w));
        Assert.Equal(10, (await w.ReadCheckpointsAsync("g", "events", CancellationToken.None))[0]);
    }

    [Fact]
    public async Task Rollups_equal_a_recount_from_the_facts_after_mixed_batches()
    {
        var w = await OpenAsync();
        var collections = new[] { "view_product_detail", "add_to_cart_action", "select_product_option" };
        var countries = new[] { "DE", "CL", null };
        var id = 0;
        for (var b = 0; b < 4; b++)
        {
            var events = new List<Core.Enrichment.EnrichedEvent>();
            for (var i = 0; i < 60; i++)
            {
                var n = (id++ * 7) % 150; // repeats across batches
                events.Add(TestEvents.Event(
                    "e" + n,
                    TestEvents.Noon.AddMinutes(n * 17),
                    collections[n % 3],
                    productId: (n % 5).ToString(CultureInfo.InvariantCulture),
                    country: countries[n % 3],
                    browser: n % 2 == 0 ? "Chrome" : "Safari",
                    bot: n % 11 == 0,
                    referrerHost: n % 4 == 0 ? "bing.com" : "google.com"));
            }

            events.Add(TestEvents.Bare("bare" + (b % 2)));
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(events, [], []), CancellationToken.None);
        }

        await AssertRollupsEqualRecountAsync(w);
    }

    [Fact]
    public async Task WriteBatchAsync_logs_batches_to_pipeline_batches_and_prunes_old_rows()
    {
        var clock = new ManualClock(new DateTimeOffset(2024, 6, 15, 10, 0, 0, TimeSpan.Zero));
        var w = await OpenAsync(new WarehouseOptions { TimeProvider = clock, BatchLogRetention = TimeSpan.FromMinutes(30) });
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")) with { Info = new BatchInfo("w1", 3, 17, clock.GetUtcNow().AddSeconds(-1)) }, CancellationToken.None);
        clock.Now = clock.Now.AddHours(1);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("b"), TestEvents.Event("a")) with { Info = new BatchInfo("w1", 2, null, clock.GetUtcNow().AddSeconds(-1)) }, CancellationToken.None);

        var rows = await QueryAsync(w, "SELECT worker_id, consumed, inserted, duplicates, rejected, consumer_lag, committed_at, max_event_ts FROM pipeline_batches");
        Assert.Equal(["w1", "2", "1", "1", "0", "null", "2024-06-15 11:00:00", "2024-06-15 12:30:00"], Assert.Single(rows));
    }

    [Fact]
    public async Task WriteBatchAsync_keeps_personal_data_only_as_configured()
    {
        var w = await OpenAsync(new WarehouseOptions { IpStorage = IpStorage.Truncated, EmailHashSalt = "pepper" });
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a", email: " Shopper@Example.COM", ip: "203.0.113.77"), TestEvents.Event("b", ip: "2001:db8:1:2::5", deviceId: "d2")), CancellationToken.None);

        Assert.Equal(["2001:db8:1::", "203.0.113.0"], (await QueryAsync(w, "SELECT ip FROM fact_events ORDER BY ip")).Select(r => r[0]));
        var customer = (await QueryAsync(w, "SELECT email_hash, email FROM dim_customer WHERE email_hash IS NOT NULL"))[0];
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("peppershopper@example.com"u8));
        Assert.Equal([expected, "null"], customer);
    }

    [Fact]
    public async Task WriteBatchAsync_stores_no_ip_by_default_and_clear_text_email_only_when_configured()
    {
        var w = await OpenAsync(new WarehouseOptions { StoreClearTextEmail = true });
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a", email: "a@b.example")), CancellationToken.None);

        Assert.Equal("null", (await QueryAsync(w, "SELECT ip FROM fact_events"))[0][0]);
        Assert.Equal("a@b.example", (await QueryAsync(w, "SELECT email FROM dim_customer WHERE customer_key <> 0"))[0][0]);
    }

    /// <summary>
    /// Every rollup equals its recount from fact_events; the daily ones are keyed by <paramref name="zone"/> and
    /// fact_events.date_key (the loader's reporting time zone), kpi_devices_daily by the first event of each device-day.
    /// </summary>
    protected async Task AssertRollupsEqualRecountAsync(IWarehouse w, string zone = "UTC")
    {
        const string Hour = "date_trunc('hour', f.event_ts)";
        const string Country = "coalesce(l.country_code, '')";
        const string WithCountry = "fact_events f JOIN dim_location l ON l.location_key = f.location_key";
        var z = $"zone = '{zone}'";
        var checks = new (string Rollup, string Recount)[]
        {
            ("SELECT hour_utc, collection, is_bot, product_key, events FROM rollup_product_hourly",
             $"SELECT {Hour}, f.collection, f.is_bot, f.product_key, count(*) FROM fact_events f GROUP BY 1, 2, 3, 4"),
            ("SELECT hour_utc, collection, is_bot, country_code, store_key, events FROM rollup_country_store_hourly",
             $"SELECT {Hour}, f.collection, f.is_bot, {Country}, f.store_key, count(*) FROM {WithCountry} GROUP BY 1, 2, 3, 4, 5"),
            ($"SELECT date_key, collection, is_bot, product_key, events FROM rollup_product_daily WHERE {z}",
             "SELECT f.date_key, f.collection, f.is_bot, f.product_key, count(*) FROM fact_events f GROUP BY 1, 2, 3, 4"),
            ($"SELECT date_key, collection, is_bot, country_code, store_key, events FROM rollup_country_store_daily WHERE {z}",
             $"SELECT f.date_key, f.collection, f.is_bot, {Country}, f.store_key, count(*) FROM {WithCountry} GROUP BY 1, 2, 3, 4, 5"),
            ($"SELECT date_key, collection, is_bot, events FROM rollup_collection_daily WHERE {z}",
             "SELECT f.date_key, f.collection, f.is_bot, count(*) FROM fact_events f GROUP BY 1, 2, 3"),
            ($"SELECT date_key, is_bot, device_id, first_ts FROM kpi_devices_daily WHERE {z}",
             "SELECT f.date_key, f.is_bot, f.device_id, min(f.event_ts) FROM fact_events f WHERE f.device_id IS NOT NULL GROUP BY 1, 2, 3"),
            ("SELECT count(*) FROM (SELECT DISTINCT zone FROM rollup_collection_daily UNION SELECT DISTINCT zone FROM kpi_devices_daily) z",
             "SELECT 1"),
            ("SELECT hour_utc, collection, is_bot, referrer_key, events FROM rollup_referrer_hourly",
             $"SELECT {Hour}, f.collection, f.is_bot, f.referrer_key, count(*) FROM fact_events f GROUP BY 1, 2, 3, 4"),
            ("SELECT hour_utc, collection, is_bot, browser, os, events FROM rollup_browser_os_hourly",
             $"SELECT {Hour}, f.collection, f.is_bot, u.browser, u.os, count(*) FROM fact_events f JOIN dim_user_agent u ON u.user_agent_key = f.user_agent_key GROUP BY 1, 2, 3, 4, 5"),
            ("SELECT hour_utc, collection, is_bot, events FROM rollup_collection_hourly",
             $"SELECT {Hour}, f.collection, f.is_bot, count(*) FROM fact_events f GROUP BY 1, 2, 3"),
        };
        foreach (var (rollup, recount) in checks)
        {
            var expected = (await QueryAsync(w, recount)).Select(r => string.Join("|", r)).Order(StringComparer.Ordinal).ToList();
            var actual = (await QueryAsync(w, rollup)).Select(r => string.Join("|", r)).Order(StringComparer.Ordinal).ToList();
            Assert.NotEmpty(expected);
            Assert.Equal(expected, actual);
        }
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
