using Facet.Storage.Internal;
using Facet.Testing;
using Npgsql;

namespace Facet.Storage.Tests.Postgres;

/// <summary>
/// The session step's reads of stored sessions on PostgreSQL, by their plans: the contract tests prove the sessions
/// it leaves, this proves how often it reaches each touched device's stored session. Every touched device of every
/// batch pays those reads (issue 22: at 20,000 events/s the scope and the in-order update took 3.7-3.9 s of
/// PostgreSQL's ~21 CPU-s per 600k events), so a second key probe for the tail the first one passed, or a third to find
/// the row to extend, gives the same rows for more of that time.
/// </summary>
public sealed class SessionStepPlanTests : IAsyncLifetime
{
    private const int Devices = 2_000;

    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => QueryPlans.InitializeMigratedAsync(_database);

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task The_scope_reads_each_touched_devices_reachable_sessions_in_one_probe()
    {
        await using var connection = await OpenBatchAsync();
        var reads = (await QueryPlans.ScansAsync(connection, Statement("Sessions/write_sessions", "INSERT INTO session_scope")))["fact_sessions"];

        Assert.Equal(new[] { "Index Scan" }, reads);
    }

    [Fact]
    public async Task The_scope_marks_in_order_devices_with_the_tail_and_row_of_the_session_they_extend()
    {
        await using var connection = await OpenBatchAsync();
        await QueryPlans.ExecuteAsync(connection, Statement("Sessions/write_sessions", "INSERT INTO session_scope"));

        // Devices 1..1,600 extend their one stored session; 1,601..1,800 come after a gap longer than the timeout (no
        // session reachable: in order, no tail); 1,801..2,000 have an event before their stored tail (rebuilt).
        var rows = await QueryAsync(connection, """
            SELECT count(*) FILTER (WHERE c.in_order AND c.tail_row = s.ctid AND c.tail_ts = s.session_end
                                    AND c.tail_event_id = s.tail_event_id AND c.from_ts = s.session_start),
                   count(*) FILTER (WHERE c.in_order AND c.tail_row IS NULL AND c.tail_ts IS NULL),
                   count(*) FILTER (WHERE NOT c.in_order)
            FROM session_scope c JOIN fact_sessions s ON s.device_id = c.device_id
            """);
        Assert.Equal(new[] { 1_600L, 200L, 200L }, rows);
    }

    [Fact]
    public async Task The_in_order_update_fetches_the_extended_sessions_by_the_row_the_scope_read()
    {
        await using var connection = await OpenBatchAsync();
        await QueryPlans.ExecuteAsync(connection, Statement("Sessions/write_sessions", "INSERT INTO session_scope"));
        foreach (var statement in SqlScript.Get("Postgres", "Sessions/stage_session_rows").Statements)
        {
            await QueryPlans.ExecuteAsync(connection, statement);
        }

        await QueryPlans.ExecuteAsync(connection, """
            INSERT INTO stage_session_rows (device_id, session_start, session_end, events, orders, store_key,
                                            location_key, user_agent_key, referrer_key, is_bot, tail_event_id, timeout_s)
            SELECT c.device_id, c.from_ts, c.tail_ts + interval '10 minutes', 1, 0, 0, 0, 0, 0, false, 'e-new', 1800
            FROM session_scope c WHERE c.in_order AND c.tail_row IS NOT NULL
            """);
        var update = Statement("Sessions/write_in_order_sessions", "WITH extended AS MATERIALIZED");
        var reads = (await QueryPlans.ScansAsync(connection, update))["fact_sessions"].ToList();
        Assert.NotEmpty(reads);
        Assert.All(reads, read => Assert.Equal("Tid Scan", read));

        // And it extends exactly the sessions staged: every one of them, nothing else.
        await QueryPlans.ExecuteAsync(connection, update);
        var extended = await QueryAsync(connection, """
            SELECT count(*) FILTER (WHERE s.events = 3 AND s.tail_event_id = 'e-new'),
                   count(*) FILTER (WHERE s.events = 2 AND s.tail_event_id = 'e-old')
            FROM fact_sessions s
            """);
        Assert.Equal(new[] { 1_600L, 400L }, extended);
    }

    /// <summary>
    /// A batch as the session step has it before the scope: 2,000 devices with one stored session each (two events,
    /// 00:00–00:05, cut with the 30-minute timeout) and a staged new event each; the session and stage tables analysed,
    /// as autovacuum leaves them in a running warehouse.
    /// </summary>
    private async Task<NpgsqlConnection> OpenBatchAsync()
    {
        var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await QueryPlans.ExecuteAsync(connection, "BEGIN");
        await QueryPlans.ExecuteAsync(connection, $"""
            INSERT INTO fact_sessions (device_id, session_start, session_end, events, duration_seconds, bounce,
                                       store_key, location_key, user_agent_key, referrer_key, orders, is_bot,
                                       tail_event_id, tail_timeout_s)
            SELECT 'd' || lpad(d::text, 5, '0'), timestamptz '2026-11-15 00:00Z', timestamptz '2026-11-15 00:05Z', 2, 300,
                   false, 0, 0, 0, 0, 0, false, 'e-old', 1800
            FROM generate_series(1, {Devices}) d
            """);
        foreach (var statement in SqlScript.Get("Postgres", "Sessions/stage_session_events").Statements)
        {
            await QueryPlans.ExecuteAsync(connection, statement);
        }

        await QueryPlans.ExecuteAsync(connection, $"""
            INSERT INTO stage_session_events (event_key, device_id, event_ts, timeout_s, late_bound_s, arrived_at, event_id, rebuild)
            SELECT gen_random_uuid(), 'd' || lpad(d::text, 5, '0'),
                   CASE WHEN d <= 1600 THEN timestamptz '2026-11-15 00:10Z'
                        WHEN d <= 1800 THEN timestamptz '2026-11-15 02:00Z'
                        ELSE timestamptz '2026-11-15 00:03Z' END,
                   1800, 86400, now(), 'e' || d, false
            FROM generate_series(1, {Devices}) d
            """);
        foreach (var statement in SqlScript.Get("Postgres", "Sessions/write_sessions").Statements.Where(static s => s.TrimStart().StartsWith("CREATE TEMP TABLE", StringComparison.Ordinal)))
        {
            await QueryPlans.ExecuteAsync(connection, statement);
        }

        await QueryPlans.ExecuteAsync(connection, "ANALYZE fact_sessions");
        await QueryPlans.ExecuteAsync(connection, "ANALYZE stage_session_events");
        return connection;
    }

    /// <summary>The script's one statement starting with <paramref name="start"/> (SqlScript drops comment lines).</summary>
    private static string Statement(string script, string start) =>
        Assert.Single(SqlScript.Get("Postgres", script).Statements, s => s.TrimStart().StartsWith(start, StringComparison.Ordinal));

    private static async Task<long[]> QueryAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return Enumerable.Range(0, reader.FieldCount).Select(reader.GetInt64).ToArray();
    }
}
