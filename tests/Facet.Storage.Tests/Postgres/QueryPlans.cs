using System.Text.Json;
using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Postgres;

/// <summary>
/// What the plan tests share: a migrated warehouse database, a statement's plan as the scans it makes, and plain SQL.
/// A plan test proves what a batch statement reads (the contract tests prove what it leaves).
/// </summary>
internal static class QueryPlans
{
    /// <summary>Creates <paramref name="database"/> and migrates it to the current schema.</summary>
    public static async Task InitializeMigratedAsync(PostgresDatabase database)
    {
        await database.InitializeAsync();
        await using var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse(database.ConnectionString), new WarehouseOptions(), null, CancellationToken.None);
        await warehouse.MigrateAsync(CancellationToken.None);
    }

    /// <summary>
    /// The scans in <paramref name="statement"/>'s plan (not run), by table: each table's node types, in plan order. An
    /// UPDATE's or DELETE's own node names its table too and reads nothing, so it is left out.
    /// </summary>
    public static async Task<ILookup<string, string>> ScansAsync(NpgsqlConnection connection, string statement, NpgsqlTransaction? transaction = null)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + statement, connection, transaction);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        return Nodes(plan.RootElement[0].GetProperty("Plan"))
            .Where(static n => n.TryGetProperty("Relation Name", out _) && n.GetProperty("Node Type").GetString() != "ModifyTable")
            .ToLookup(static n => n.GetProperty("Relation Name").GetString()!, static n => n.GetProperty("Node Type").GetString()!);
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
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
}
