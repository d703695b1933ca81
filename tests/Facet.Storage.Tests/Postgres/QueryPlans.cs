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

    /// <summary>The node types of <paramref name="statement"/>'s plan (not run) that scan <paramref name="table"/>.</summary>
    public static async Task<List<string>> ReadsOfAsync(NpgsqlConnection connection, string statement, string table, NpgsqlTransaction? transaction = null)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + statement, connection, transaction);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        return Nodes(plan.RootElement[0].GetProperty("Plan"))
            .Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == table)
            .Select(static n => n.GetProperty("Node Type").GetString()!)
            // An UPDATE's or DELETE's own node names its table too, and reads nothing.
            .Where(static type => type != "ModifyTable")
            .ToList();
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
