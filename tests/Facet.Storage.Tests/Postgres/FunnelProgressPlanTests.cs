using System.Text.Json;
using Facet.Storage.Internal;
using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Postgres;

/// <summary>
/// The funnel step's delete on PostgreSQL, by its plan: the contract tests prove what it leaves, this proves what it
/// reads, since a plan that scans the batch's whole stage once per stored row gives the same rows at a cost of stored
/// rows × staged rows per batch (issue 22).
/// </summary>
public sealed class FunnelProgressPlanTests : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        await using var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse(_database.ConnectionString), new WarehouseOptions(), null, CancellationToken.None);
        await warehouse.MigrateAsync(CancellationToken.None);
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_delete_probes_the_staged_rows_of_each_rebuilt_device_by_key_instead_of_scanning_the_stage_per_stored_row()
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        // A batch as the funnel step leaves it before the delete: 500 rebuilt devices with 4 stored rows each, and a
        // stage of 8,000 rows, large enough that the planner sees its pages.
        await ExecuteAsync(connection, """
            INSERT INTO funnel_progress (funnel_id, device_id, entry_ts, steps, store_key, location_key, user_agent_key)
            SELECT f, 'd' || d, timestamptz '2026-11-15 00:00Z' + d * interval '1 minute', 1, 0, 0, 0
            FROM generate_series(1, 4) f, generate_series(1, 2000) d
            """);
        foreach (var stage in new[] { "Funnels/stage_funnel_scope", "Funnels/stage_funnel_progress" })
        {
            foreach (var statement in SqlScript.Get("Postgres", stage).Statements)
            {
                await ExecuteAsync(connection, statement);
            }
        }

        await ExecuteAsync(connection, "INSERT INTO stage_funnel_scope SELECT 'd' || d, timestamptz '2026-11-15 00:00Z', true FROM generate_series(1, 500) d");
        await ExecuteAsync(connection, "INSERT INTO stage_funnel_progress SELECT * FROM funnel_progress");

        var delete = SqlScript.Get("Postgres", "Funnels/write_funnel_progress").Statements[0];
        Assert.StartsWith("DELETE FROM funnel_progress", delete.TrimStart(), StringComparison.Ordinal);
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + delete, connection, transaction);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        var stageReads = Nodes(plan.RootElement[0].GetProperty("Plan"))
            .Where(static n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "stage_funnel_progress")
            .Select(static n => n.GetProperty("Node Type").GetString())
            .ToList();

        Assert.NotEmpty(stageReads);
        Assert.DoesNotContain("Seq Scan", stageReads);
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                foreach (var descendant in Nodes(child))
                {
                    yield return descendant;
                }
            }
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
