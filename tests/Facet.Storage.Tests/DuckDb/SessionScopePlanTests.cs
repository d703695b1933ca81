using Facet.Storage.DuckDb;
using Facet.Storage.Internal;
using Facet.Testing;

namespace Facet.Storage.Tests.DuckDb;

/// <summary>
/// The session step's scope on DuckDB, by its plan: DuckDB reaches the touched devices' stored sessions by joining the
/// batch with all of fact_sessions, a scan of the table per join in every batch — a cost growing with the table, not
/// the batch. The contract tests prove the sessions the step leaves; this proves the scope joins the table once.
/// </summary>
public sealed class SessionScopePlanTests : IAsyncLifetime
{
    private const int Devices = 2_000;

    private readonly TempDirectory _directory = new();
    private IWarehouse? _warehouse;

    private DuckDbWarehouse Warehouse => (DuckDbWarehouse)_warehouse!;

    public async Task InitializeAsync()
    {
        _warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse("duckdb:" + _directory.File("warehouse.duckdb")), new WarehouseOptions(), null, CancellationToken.None);
        await _warehouse.MigrateAsync(CancellationToken.None);

        // A batch as the session step has it before the scope: 2,000 devices with one stored session each (00:00–00:05,
        // cut with the 30-minute timeout) and a staged new event each — 1..1,600 extend it, 1,601..1,800 come after a
        // gap longer than the timeout, 1,801..2,000 come before its tail.
        Warehouse.Execute($"""
            INSERT INTO fact_sessions (device_id, session_start, session_end, events, duration_seconds, bounce,
                                       store_key, location_key, user_agent_key, referrer_key, orders, is_bot,
                                       tail_event_id, tail_timeout_s)
            SELECT 'd' || lpad(d::text, 5, '0'), TIMESTAMPTZ '2026-11-15 00:00:00+00', TIMESTAMPTZ '2026-11-15 00:05:00+00', 2, 300,
                   false, 0, 0, 0, 0, 0, false, 'e-old', 1800
            FROM range(1, {Devices} + 1) r(d)
            """);
        foreach (var statement in SqlScript.Get("DuckDb", "Sessions/stage_session_events").Statements)
        {
            Warehouse.Execute(statement);
        }

        Warehouse.Execute($"""
            INSERT INTO stage_session_events (event_key, device_id, event_ts, timeout_s, late_bound_s, arrived_at, event_id, rebuild)
            SELECT uuid(), 'd' || lpad(d::text, 5, '0'),
                   CASE WHEN d <= 1600 THEN TIMESTAMPTZ '2026-11-15 00:10:00+00'
                        WHEN d <= 1800 THEN TIMESTAMPTZ '2026-11-15 02:00:00+00'
                        ELSE TIMESTAMPTZ '2026-11-15 00:03:00+00' END,
                   1800, 86400, now(), 'e' || d, false
            FROM range(1, {Devices} + 1) r(d)
            """);
        foreach (var statement in SqlScript.Get("DuckDb", "Sessions/write_sessions").Statements.TakeWhile(static s => !Scope(s)))
        {
            if (statement.TrimStart().StartsWith("DROP TABLE", StringComparison.Ordinal) || statement.TrimStart().StartsWith("CREATE TEMP TABLE", StringComparison.Ordinal))
            {
                Warehouse.Execute(statement);
            }
        }
    }

    public async Task DisposeAsync()
    {
        if (_warehouse is not null)
        {
            await _warehouse.DisposeAsync();
        }

        _directory.Dispose();
    }

    [Fact]
    public void The_scope_joins_the_stored_sessions_once()
    {
        var plan = string.Join('\n', Rows("EXPLAIN " + ScopeStatement()).Select(static r => r[^1]));

        Assert.Equal(1, Occurrences(plan, "fact_sessions"));
    }

    [Fact]
    public void The_scope_marks_in_order_devices_with_the_tail_of_the_session_they_extend()
    {
        Warehouse.Execute(ScopeStatement());

        var counts = Rows("""
            SELECT count(*) FILTER (WHERE c.in_order AND c.tail_ts = s.session_end AND c.tail_event_id = s.tail_event_id
                                    AND c.from_ts = s.session_start),
                   count(*) FILTER (WHERE c.in_order AND c.tail_ts IS NULL AND c.from_ts = TIMESTAMPTZ '2026-11-15 02:00:00+00'),
                   count(*) FILTER (WHERE NOT c.in_order AND c.from_ts = TIMESTAMPTZ '2026-11-15 00:00:00+00')
            FROM session_scope c JOIN fact_sessions s ON s.device_id = c.device_id
            """).Single();
        Assert.Equal(new[] { "1600", "200", "200" }, counts);
    }

    private static bool Scope(string statement) => statement.TrimStart().StartsWith("INSERT INTO session_scope", StringComparison.Ordinal);

    private static string ScopeStatement() => Assert.Single(SqlScript.Get("DuckDb", "Sessions/write_sessions").Statements, Scope);

    private static int Occurrences(string text, string word)
    {
        var count = 0;
        for (var at = text.IndexOf(word, StringComparison.Ordinal); at >= 0; at = text.IndexOf(word, at + word.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }

    private List<string[]> Rows(string sql)
    {
        using var command = Warehouse.Connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) ?? "").ToArray());
        }

        return rows;
    }
}
