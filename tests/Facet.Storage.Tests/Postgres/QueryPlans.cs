using System.Text.Json;
using System.Text.RegularExpressions;
using Facet.Storage.Internal;
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
    /// <param name="markHashed">Report a scan inside a hashed SubPlan (run once per statement, its rows hashed — as
    /// PostgreSQL plans a correlated EXISTS of equalities) as "hashed " and its node type: such a scan reads its table
    /// once, not once per outer row.</param>
    public static async Task<ILookup<string, string>> ScansAsync(NpgsqlConnection connection, string statement, NpgsqlTransaction? transaction = null, bool markHashed = false)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (FORMAT JSON) " + statement, connection, transaction);
        var json = (string)(await explain.ExecuteScalarAsync())!;
        using var plan = JsonDocument.Parse(json);
        return Nodes(plan.RootElement[0].GetProperty("Plan"), json, hashed: false)
            .Where(static n => n.Node.TryGetProperty("Relation Name", out _) && n.Node.GetProperty("Node Type").GetString() != "ModifyTable")
            .ToLookup(
                static n => n.Node.GetProperty("Relation Name").GetString()!,
                n => (markHashed && n.Hashed ? "hashed " : "") + n.Node.GetProperty("Node Type").GetString()!);
    }

    /// <summary>
    /// Runs <paramref name="statement"/> under <c>EXPLAIN ANALYZE</c> and returns how many rows its scans of
    /// <paramref name="table"/> produced, over all their loops: what it read of that table, whatever the plan's shape.
    /// </summary>
    public static async Task<long> RowsReadAsync(NpgsqlConnection connection, string statement, string table, NpgsqlTransaction? transaction = null)
    {
        await using var explain = new NpgsqlCommand("EXPLAIN (ANALYZE, FORMAT JSON) " + statement, connection, transaction);
        var json = (string)(await explain.ExecuteScalarAsync())!;
        using var plan = JsonDocument.Parse(json);
        return Nodes(plan.RootElement[0].GetProperty("Plan"), json, hashed: false)
            .Where(n => n.Node.TryGetProperty("Relation Name", out var name) && name.GetString() == table)
            .Sum(static n => (long)(n.Node.GetProperty("Actual Rows").GetDouble() * n.Node.GetProperty("Actual Loops").GetDouble()));
    }

    /// <summary>Runs every statement of each of the PostgreSQL <paramref name="scripts"/> (stage tables, as the batch transaction makes them).</summary>
    public static async Task RunScriptsAsync(NpgsqlConnection connection, params string[] scripts)
    {
        foreach (var script in scripts)
        {
            foreach (var statement in SqlScript.Get("Postgres", script).Statements)
            {
                await ExecuteAsync(connection, statement);
            }
        }
    }

    public static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // The JSON plan names a SubPlan without saying whether it is hashed; the expression that uses it does ("(hashed
    // SubPlan 3)"), as the text plan shows it.
    private static IEnumerable<(JsonElement Node, bool Hashed)> Nodes(JsonElement node, string plan, bool hashed)
    {
        hashed |= node.TryGetProperty("Subplan Name", out var name)
                  && Regex.IsMatch(plan, $@"hashed {Regex.Escape(name.GetString()!)}\b");
        yield return (node, hashed);
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray())
            {
                foreach (var descendant in Nodes(child, plan, hashed))
                {
                    yield return descendant;
                }
            }
        }
    }
}
