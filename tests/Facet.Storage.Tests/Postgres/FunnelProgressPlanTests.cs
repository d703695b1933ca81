using Facet.Storage.Internal;
using Facet.Storage.Reports.Commerce;
using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Postgres;

/// <summary>
/// The funnel step's delete and its read of the kept entries on PostgreSQL, by their plans: the contract tests prove
/// what they leave and return, this proves what they read. Plans that scan the batch's whole stage once per stored row,
/// hash all of funnel_progress, or read every row a device has, give the same rows at a cost of stored rows × staged
/// rows, of the table's size, or of the warehouse's age, per batch (issue 22).
/// </summary>
public sealed class FunnelProgressPlanTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => QueryPlans.InitializeMigratedAsync(_database);

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_delete_probes_the_staged_rows_by_key_reads_the_replaced_keys_once_and_stored_rows_only_of_the_scoped_devices()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // A batch as the funnel step leaves it before the delete: 2,000 devices with 4 stored rows each, 500 of them
        // rebuilt and 500 continued, a stage of 8,000 rows and 2,000 replaced keys, large enough that the planner sees
        // their pages.
        await StoreRowsAsync(connection, "generate_series(1, 4) f, generate_series(1, 2000) d", "timestamptz '2026-11-15 00:00Z' + d * interval '1 minute'");
        await QueryPlans.RunScriptsAsync(connection, "Funnels/stage_funnel_scope", "Funnels/stage_funnel_progress", "Funnels/stage_funnel_replaced");

        await QueryPlans.ExecuteAsync(connection, "INSERT INTO stage_funnel_scope SELECT 'd' || d, timestamptz '2026-11-15 00:00Z', true FROM generate_series(1, 500) d");
        await QueryPlans.ExecuteAsync(connection, "INSERT INTO stage_funnel_scope SELECT 'd' || d, timestamptz '2026-11-15 00:00Z', false FROM generate_series(501, 1000) d");
        await QueryPlans.ExecuteAsync(connection, "INSERT INTO stage_funnel_progress SELECT * FROM funnel_progress");
        await QueryPlans.ExecuteAsync(connection, "INSERT INTO stage_funnel_replaced SELECT device_id, funnel_id, entry_ts FROM funnel_progress WHERE device_id IN (SELECT device_id FROM stage_funnel_scope WHERE NOT rebuild)");

        // Whatever the estimates (in `facet run` a device's rows were estimated at 804 where 1-2 were found, and the
        // join on ctid became a hash of the whole table): with nested loops priced out, a plan that still reads only the
        // scoped devices' rows cannot depend on them.
        await QueryPlans.ExecuteAsync(connection, "SET LOCAL enable_nestloop = off");

        var delete = SqlScript.Get("Postgres", "Funnels/write_funnel_progress").Statements[0];
        Assert.StartsWith("DELETE FROM funnel_progress", delete.TrimStart(), StringComparison.Ordinal);
        var scans = await QueryPlans.ScansAsync(connection, delete, transaction, markHashed: true);
        var stageReads = scans["stage_funnel_progress"].ToList();
        var replacedReads = scans["stage_funnel_replaced"].ToList();
        var storedReads = scans["funnel_progress"].ToList();

        Assert.NotEmpty(stageReads);
        Assert.DoesNotContain("Seq Scan", stageReads);
        // The replaced keys: probed by key, or read once into a hash (PostgreSQL turns the correlated EXISTS of
        // equalities into a hashed SubPlan) — never scanned once per stored row.
        Assert.NotEmpty(replacedReads);
        Assert.DoesNotContain("Seq Scan", replacedReads);
        Assert.NotEmpty(storedReads);
        Assert.DoesNotContain("Seq Scan", storedReads);
    }

    [Fact]
    public async Task The_kept_entries_read_takes_one_row_per_device_and_funnel_not_the_devices_history()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // 200 devices with 50 candidates of each stored funnel before from_ts (a device's history) and 3 after it.
        await StoreRowsAsync(connection, "generate_series(1, 2) f, generate_series(1, 200) d, generate_series(0, 52) h", "timestamptz '2026-11-01 00:00Z' + (d * 7 + h) * interval '1 hour'");
        await QueryPlans.RunScriptsAsync(connection, "Funnels/stage_funnel_scope", "Funnels/stage_stored_funnels");

        await QueryPlans.ExecuteAsync(connection, "INSERT INTO stage_funnel_scope SELECT 'd' || d, timestamptz '2026-11-01 00:00Z' + (d * 7 + 50) * interval '1 hour', true FROM generate_series(1, 200) d");
        foreach (var (id, funnel) in StoredFunnels.All)
        {
            foreach (var step in funnel.Steps)
            {
                await QueryPlans.ExecuteAsync(connection, $"INSERT INTO stage_stored_funnels VALUES ({id}, '{step.Collection}')");
            }
        }

        var kept = SqlScript.Get("Postgres", "Funnels/funnel_kept_entries").Statements.Single();
        await using (var command = new NpgsqlCommand(kept, connection, transaction))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            var rows = 0;
            while (await reader.ReadAsync())
            {
                // The latest candidate before from_ts: the 50th of the device's (hour 49 after its first).
                var device = int.Parse(reader.GetString(1).AsSpan(1), System.Globalization.CultureInfo.InvariantCulture);
                var expected = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero).AddHours((device * 7) + 49);
                Assert.Equal(expected.ToUnixTimeMilliseconds() * 1000, reader.GetInt64(2));
                rows++;
            }

            Assert.Equal(400, rows);
        }

        // 400 probes of one row each; a read of every row before from_ts would take 20,000.
        Assert.Equal(400, await QueryPlans.RowsReadAsync(connection, kept, "funnel_progress", transaction));
    }

    /// <summary>Stores a funnel_progress row of funnel f for device 'd' || d at <paramref name="entry"/>, for every row of <paramref name="series"/>.</summary>
    private static Task StoreRowsAsync(NpgsqlConnection connection, string series, string entry) => QueryPlans.ExecuteAsync(connection, $"""
        INSERT INTO funnel_progress (funnel_id, device_id, entry_ts, steps, store_key, location_key, user_agent_key)
        SELECT f, 'd' || d, {entry}, 1, 0, 0, 0 FROM {series}
        """);
}
