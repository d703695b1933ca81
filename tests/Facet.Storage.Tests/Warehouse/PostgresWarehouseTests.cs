using Facet.Storage.Internal;
using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>The warehouse contract on PostgreSQL: each test gets its own database on the ./test.sh cluster.</summary>
public sealed class PostgresWarehouseTests : WarehouseContractTests
{
    private readonly PostgresDatabase _database = new();
    private NpgsqlDataSource? _query;

    protected override WarehouseLocation Location => WarehouseLocation.Parse(_database.ConnectionString);

    public override async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        _query = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(_database.ConnectionString) { Timezone = "UTC" }.ConnectionString);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (_query is not null)
        {
            await _query.DisposeAsync();
        }

        await _database.DisposeAsync();
    }

    protected override async Task<List<string[]>> QueryAsync(IWarehouse warehouse, string sql)
    {
        await using var command = _query!.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string[]>();
        while (await reader.ReadAsync())
        {
            var row = new string[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Text(reader.IsDBNull(i) ? null : reader.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    protected override async Task ExecuteAsync(IWarehouse warehouse, string sql)
    {
        await using var command = _query!.CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    protected override async Task CreateAtSchemaVersionAsync(int version, IEnumerable<string> afterwards)
    {
        await using (var connection = await _query!.OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var create = new NpgsqlCommand(Facet.Storage.Postgres.PostgresSql.CreateSchemaVersion, connection, transaction))
            {
                await create.ExecuteNonQueryAsync();
            }

            foreach (var migration in MigrationsUpTo("Postgres", version))
            {
                await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
                {
                    await apply.ExecuteNonQueryAsync();
                }

                await using var record = new NpgsqlCommand("INSERT INTO schema_version (version, description) VALUES ($1, 'as an earlier Facet applied it')", connection, transaction);
                record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = migration.Version });
                await record.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        foreach (var sql in afterwards)
        {
            await using var command = _query.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
        }
    }

    [Fact]
    public Task A_batch_failing_as_it_marks_its_derived_rows_pending_leaves_nothing_half_written_and_the_retry_succeeds() =>
        FailBeforeStepAsync((int)WriteStep.DerivedPending, new WarehouseOptions { TrailDerivedWrites = true });

    [Fact]
    public Task A_batch_cancelled_as_it_marks_its_derived_rows_pending_rolls_back_whole_and_the_retry_succeeds() =>
        CancelDuringStepAsync((int)WriteStep.DerivedPending, new WarehouseOptions { TrailDerivedWrites = true });

    [Fact]
    public Task Trailing_sessions_and_funnel_progress_equal_the_recounts_across_failed_trailing_transactions_and_a_restart() =>
        TrailingDerivedRowsEqualTheRecountsAcrossFailedTrailsAndARestartAsync();

    [Fact]
    public Task A_trailing_transaction_leaves_out_the_facts_of_the_batch_committed_beside_it_and_the_next_one_adds_them_once() =>
        ATrailLeavesOutTheFactsOfTheBatchCommittedBesideItAsync();

    [Fact]
    public Task Trailing_transactions_queued_behind_a_held_one_are_written_together_and_equal_the_recounts() =>
        TrailsQueuedBehindAHeldOneAreWrittenTogetherAndEqualTheRecountsAsync();

    [Fact]
    public Task A_trailing_transaction_waits_its_gather_time_or_a_full_queue_for_the_next_batch_and_writes_both_in_one_transaction() =>
        ATrailWaitsItsGatherTimeForTheNextBatchAndWritesBothInOneTransactionAsync();

    [Fact]
    public Task A_pending_batch_of_unknown_owner_is_recovered_by_any_process() => APendingBatchOfUnknownOwnerIsRecoveredByAnyProcessAsync();

    [Fact]
    public Task A_batch_without_devices_writes_its_own_rollups_beside_trailed_ones() => ABatchWithoutDevicesWritesItsOwnRollupsBesideTrailedOnesAsync();

    [Fact]
    public Task A_batch_marked_pending_before_rollups_trailed_is_recovered_without_counting_its_rollups_again() =>
        ABatchMarkedPendingBeforeRollupsTrailedIsRecoveredWithoutCountingItsRollupsAgainAsync();

    [Fact]
    public Task A_recovery_takes_only_pending_batches_whose_trailing_transaction_has_not_begun_and_whose_process_is_gone() =>
        ARecoveryTakesOnlyBatchesWhoseTrailHasNotBegunAndWhoseProcessIsGoneAsync(async w =>
        {
            // The session holding the owner lock (V024) of the pending batch's process ends, as the process's would at a crash.
            const string OwnerLocks = "FROM pg_locks l JOIN derived_pending p ON l.objid = p.owner::oid " +
                "WHERE l.locktype = 'advisory' AND l.classid = 7123004 AND l.objsubid = 2 AND l.granted";
            Assert.Equal("1", (await QueryAsync(w, "SELECT count(*) FILTER (WHERE pg_terminate_backend(l.pid)) " + OwnerLocks))[0][0]);
            // The backend exits, and its lock goes, a moment after the signal.
            await Eventually.Until(() => QueryAsync(w, "SELECT count(*) " + OwnerLocks), rows => rows[0][0] == "0", TimeSpan.FromMinutes(1), "the owner session's end");
        });

    [Fact]
    public async Task An_empty_PostgreSQL_database_is_never_migrated_by_opening_it_and_says_to_run_facet_db_migrate()
    {
        Assert.False(await WarehouseFactory.CreateIfNewAsync(Location, null, CancellationToken.None));
        var w = await OpenAsync(migrate: false);

        var ex = await Assert.ThrowsAsync<WarehouseSchemaException>(() => w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")), CancellationToken.None));

        Assert.Contains($"has schema version 0 but this Facet needs {WarehouseFactory.SchemaVersion}: run facet db migrate --warehouse {Location}", ex.Message, StringComparison.Ordinal);
        Assert.Equal([["0"]], await QueryAsync(w, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
    }

    [Fact]
    public async Task MigrateAsync_creates_daily_partitions_ahead_and_WriteBatchAsync_creates_them_on_demand()
    {
        var w = await OpenAsync(new WarehouseOptions { PartitionsAheadDays = 3 });
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("old", new DateTimeOffset(2001, 2, 3, 4, 5, 6, TimeSpan.Zero))), CancellationToken.None);

        var partitions = (await QueryAsync(w, "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'fact_events'::regclass ORDER BY 1"))
            .Select(r => r[0]).ToList();
        Assert.Contains("fact_events_p20010203", partitions);
        for (var i = 0; i <= 3; i++)
        {
            Assert.Contains($"fact_events_p{today.AddDays(i):yyyyMMdd}", partitions);
        }

        Assert.Equal("fact_events_p20010203", (await QueryAsync(w, "SELECT tableoid::regclass::text FROM fact_events"))[0][0]);
    }

    [Fact]
    public async Task Daily_rollup_rows_a_later_batch_adds_to_are_updated_in_place_without_a_new_index_entry()
    {
        // V020: the daily product and country x store keys no longer INCLUDE events, so raising a row's count is a HOT
        // update (heap-only tuple, no new index entry). Three batches of the same product, store and country on one day: the
        // second and third update the rows the first inserted.
        var w = await OpenAsync();
        foreach (var id in new[] { "a", "b", "c" })
        {
            await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event(id)), CancellationToken.None);
        }

        // A backend reports its table statistics when it goes idle for a while or ends: closing the warehouse ends its
        // sessions.
        await CloseAsync(w);
        const string Updates = "SELECT relname, n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname IN ('rollup_product_daily', 'rollup_country_store_daily') ORDER BY relname";
        var rows = await Eventually.Until(() => QueryAsync(w, Updates), r => r.Count == 2 && r.All(t => t[1] == "2"), TimeSpan.FromSeconds(60), "the writer's table statistics");

        Assert.Equal([["rollup_country_store_daily", "2", "2"], ["rollup_product_daily", "2", "2"]], rows);
        Assert.Equal("3", (await QueryAsync(w, "SELECT events FROM rollup_product_daily"))[0][0]);

        // Room on each page for the next version of a row: a page filled by inserts has none, whatever the key (a table
        // of a test's size never fills a page, so this is read from the schema).
        const string FreeSpace = "SELECT relname, array_to_string(reloptions, ',') FROM pg_class WHERE relname IN ('rollup_product_daily', 'rollup_country_store_daily', 'session_rollup') ORDER BY relname";
        Assert.Equal([["rollup_country_store_daily", "fillfactor=70"], ["rollup_product_daily", "fillfactor=70"], ["session_rollup", "fillfactor=70"]], await QueryAsync(w, FreeSpace));
    }

    [Fact]
    public async Task Every_clickstream_column_holding_a_device_id_compares_bytewise_and_the_product_view_survives_the_change()
    {
        // V021: device ids are opaque identifiers compared per event by the batch transaction (keys, probes, sorts);
        // under the database's collation each comparison went through strcoll. The commerce customer's device id is
        // another stream's attribute, never compared with these.
        var w = await OpenAsync();
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a")), CancellationToken.None);

        const string Collations =
            "SELECT c.relname, coalesce(l.collname, 'default') FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid " +
            "JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public' LEFT JOIN pg_collation l ON l.oid = a.attcollation " +
            "WHERE a.attname = 'device_id' AND c.relkind IN ('r', 'p', 'v') AND NOT c.relispartition ORDER BY 1";
        Assert.Equal(
            [["dim_commerce_customer", "default"], ["dim_customer", "C"], ["fact_events", "C"], ["fact_product_views", "C"], ["fact_sessions", "C"],
             ["funnel_progress", "C"], ["funnel_progress_backfill", "C"], ["kpi_devices_daily", "C"], ["session_late_events", "C"]],
            await QueryAsync(w, Collations));
        // Each partition follows its parent; the view dropped and created again still reads the facts.
        Assert.Equal([["C"]], await QueryAsync(w, "SELECT DISTINCT l.collname FROM pg_inherits i JOIN pg_attribute a ON a.attrelid = i.inhrelid AND a.attname = 'device_id' JOIN pg_collation l ON l.oid = a.attcollation WHERE i.inhparent = 'fact_events'::regclass"));
        Assert.Equal([["1"]], await QueryAsync(w, "SELECT count(*) FROM fact_product_views"));
    }

    [Fact]
    public async Task V021_keeps_the_privileges_granted_on_the_product_view_it_creates_again()
    {
        // A reporting role given the view by its owner must still read it after the upgrade; roles are the cluster's, so
        // this one is named for the test and dropped at its end.
        var role = "facet_v021_reader_" + Guid.NewGuid().ToString("N")[..8];
        await CreateAtSchemaVersionAsync(20, [$"CREATE ROLE {role} NOLOGIN", $"GRANT SELECT ON fact_product_views TO {role} WITH GRANT OPTION", "GRANT SELECT ON fact_product_views TO PUBLIC"]);
        var w = await OpenAsync(migrate: false);
        await w.MigrateAsync(CancellationToken.None);

        try
        {
            const string Grants =
                "SELECT CASE WHEN a.grantee = 0 THEN 'PUBLIC' ELSE pg_get_userbyid(a.grantee) END, a.privilege_type, a.is_grantable::text " +
                "FROM pg_class c CROSS JOIN LATERAL aclexplode(c.relacl) a WHERE c.oid = 'fact_product_views'::regclass AND a.grantee <> c.relowner ORDER BY a.grantee <> 0";
            // The view's collation and its rows are the other test's (Every_clickstream_column_holding_a_device_id_...).
            Assert.Equal([["PUBLIC", "SELECT", "false"], [role, "SELECT", "true"]], await QueryAsync(w, Grants));
        }
        finally
        {
            await ExecuteAsync(w, $"REVOKE ALL ON fact_product_views FROM {role} CASCADE");
            await ExecuteAsync(w, $"DROP ROLE {role}");
        }
    }

    [Fact]
    public async Task WriteBatchAsync_prepares_again_events_prepared_by_another_warehouse()
    {
        var w = await OpenAsync(new WarehouseOptions { ReportingTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo") });
        var other = await OpenAsync(migrate: false);
        IReadOnlyList<Facet.Core.Enrichment.EnrichedEvent> events = [TestEvents.Event("late", new DateTimeOffset(2026, 11, 20, 23, 30, 0, TimeSpan.Zero))];

        // Prepared under UTC by the other warehouse, the event's local day would be the 20th; Tokyo's is the 21st.
        await w.WriteBatchAsync(new WarehouseBatch([other.Writer<Facet.Core.Enrichment.EnrichedEvent>(Facet.Core.Streams.StreamNames.Clickstream).Prepare(events)], [], []), CancellationToken.None);

        Assert.Equal("20261121", (await QueryAsync(w, "SELECT date_key FROM fact_events"))[0][0]);
    }

    [Fact]
    public async Task A_duplicate_of_the_batch_before_is_dropped_before_the_copy_which_stays_off_the_probe_path()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a"), TestEvents.Event("b")), CancellationToken.None);

        Assert.Equal(new BatchWriteResult(1, 1, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("b"), TestEvents.Event("c")), CancellationToken.None));
        Assert.Equal(0, ((Facet.Storage.Postgres.PostgresWarehouse)w).ProbeFirstBatchesLeft);
        Assert.Equal("3", (await QueryAsync(w, "SELECT count(*) FROM fact_events"))[0][0]);
    }

    [Fact]
    public async Task After_a_duplicate_the_next_batches_probe_for_stored_events_and_store_only_the_unseen_ones()
    {
        // Another process stored a and b: this writer meets them in the warehouse, not in its recent batches.
        var other = await OpenAsync();
        await other.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a"), TestEvents.Event("b")), CancellationToken.None);
        var w = await OpenAsync(migrate: false);
        Assert.Equal(new BatchWriteResult(1, 1, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("b"), TestEvents.Event("c")), CancellationToken.None));

        // Probing now: events on two days, stored ones on each (by the other process: a, b and a on the next day),
        // and a batch of only stored events.
        var nextDay = TestEvents.Noon.AddDays(1);
        await other.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a", nextDay), TestEvents.Event("d")), CancellationToken.None);
        Assert.Equal(new BatchWriteResult(1, 3, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("a"), TestEvents.Event("e0"), TestEvents.Event("b"), TestEvents.Event("a", nextDay)), CancellationToken.None));
        Assert.Equal(new BatchWriteResult(0, 2, 0), await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("d"), TestEvents.Event("a", nextDay)), CancellationToken.None));

        // While the probes keep finding stored events the writer stays on the probe path.
        var postgres = (Facet.Storage.Postgres.PostgresWarehouse)w;
        Assert.Equal(Facet.Storage.Postgres.PostgresWarehouse.ProbeFirstBatches, postgres.ProbeFirstBatchesLeft);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("e")), CancellationToken.None);
        Assert.Equal(Facet.Storage.Postgres.PostgresWarehouse.ProbeFirstBatches - 1, postgres.ProbeFirstBatchesLeft);

        Assert.Equal("7", (await QueryAsync(w, "SELECT count(*) FROM fact_events"))[0][0]);
        await AssertRollupsEqualRecountAsync(w);
    }

    // Every temporary table of every session of this test's database (pg_class lists them all), as (name, oid).
    private const string StageTables =
        "SELECT c.relname::text, c.oid::text FROM pg_class c WHERE c.relpersistence = 't' AND c.relkind = 'r' ORDER BY 1, 2";

    [Fact]
    public async Task The_next_batch_on_a_pooled_session_reuses_the_stage_tables_the_last_one_created()
    {
        var w = await OpenAsync();
        // A first batch starts the device's session; the second extends it, which stages the extension too.
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("first")), CancellationToken.None);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("second", TestEvents.Noon.AddMinutes(5))), CancellationToken.None);
        var created = await QueryAsync(w, StageTables);
        Assert.Contains(created, t => t[0] == "stage_session_events");
        Assert.Contains(created, t => t[0] == "stage_session_rows");
        Assert.Contains(created, t => t[0] == "stage_funnel_progress");

        // One writer, one pooled session: without a reset between batches the same tables (same oids) serve again.
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("third", TestEvents.Noon.AddMinutes(10))), CancellationToken.None);
        Assert.Equal(created, await QueryAsync(w, StageTables));
        Assert.Equal("3", (await QueryAsync(w, "SELECT sum(events) FROM fact_sessions"))[0][0]);
    }

    [Fact]
    public async Task A_connection_string_that_sets_No_Reset_On_Close_keeps_its_choice()
    {
        await using var w = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse(_database.ConnectionString + ";NoResetOnClose=false"), new WarehouseOptions(), null, CancellationToken.None);
        await w.MigrateAsync(CancellationToken.None);
        // As in the test above: the second batch extends the first one's session, so it stages every table the third uses.
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("first")), CancellationToken.None);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("second", TestEvents.Noon.AddMinutes(5))), CancellationToken.None);
        var created = await QueryAsync(w, StageTables);
        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("third", TestEvents.Noon.AddMinutes(10))), CancellationToken.None);

        // Reset on return (DISCARD ALL): the third batch made its stage tables anew.
        var again = await QueryAsync(w, StageTables);
        Assert.Equal(created.Select(t => t[0]), again.Select(t => t[0]));
        Assert.Empty(created.Select(t => t[1]).Intersect(again.Select(t => t[1])));
    }

    [Fact]
    public async Task Writers_probing_for_stored_events_that_race_on_the_same_new_events_store_each_once()
    {
        var a = await OpenAsync();
        var b = await OpenAsync(migrate: false);
        // One duplicate the other wrote each puts both writers on the probe path.
        await a.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("seed")), CancellationToken.None);
        await b.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("seed")), CancellationToken.None);
        await b.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("seed2")), CancellationToken.None);
        await a.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("seed2")), CancellationToken.None);

        // Each round both probe (nothing stored yet) and COPY the same events; whichever COPY waits on the other's
        // uncommitted keys fails after that commit and falls back to insert-if-absent.
        for (var round = 0; round < 5; round++)
        {
            await WriteTheSameEventsConcurrentlyAsync(a, b, ConcurrentRound(round));
        }

        Assert.Equal("1502", (await QueryAsync(a, "SELECT count(*) FROM fact_events"))[0][0]);
        await AssertRollupsEqualRecountAsync(a);
    }
}
