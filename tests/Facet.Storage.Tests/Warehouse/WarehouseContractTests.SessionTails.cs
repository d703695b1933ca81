using Facet.Core.Enrichment;
using Facet.Storage.Tests.Sessions;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// Sessions extended batch by batch from their stored tails (V016; the in-order path of both backends) give exactly the
/// rows of the rebuild from the facts, and the session rollup follows them, on every backend.
/// </summary>
public abstract partial class WarehouseContractTests
{
    /// <summary>Every fact_sessions column of one twin's devices (prefix dropped from device and tail ids), sorted.</summary>
    private async Task<List<string>> TwinSessionRowsAsync(IWarehouse w, string twin) =>
        (await QueryAsync(w, $"""
            SELECT substr(device_id, 3), session_start, session_end, events, duration_seconds, bounce, entry_url, exit_url,
                   landing_referrer, utm_source, utm_medium, utm_campaign, store_key, location_key, user_agent_key,
                   referrer_key, orders, is_bot, substr(tail_event_id, 3), tail_campaign
            FROM fact_sessions WHERE device_id LIKE '{twin}%'
            """))
        .Select(r => string.Join('|', r)).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The session rollup's seven breakdowns against a recount from fact_sessions and the dimensions, one plain GROUP BY
    /// per breakdown (V010's values).
    /// </summary>
    private async Task AssertSessionRollupEqualsRecountAsync(IWarehouse w)
    {
        (string Breakdown, string Value)[] breakdowns =
        [
            ("all", "'all'"),
            ("store", "coalesce(st.domain, 'store ' || st.store_id, 'Unknown')"),
            ("country", "coalesce(l.country_code, '(unknown)')"),
            ("device", "u.device_type"),
            ("browser", "u.browser"),
            ("medium", "coalesce(r.medium, '') || chr(31) || coalesce(s.utm_medium, '')"),
            ("campaign", "coalesce(nullif(s.utm_campaign, ''), '(none)')"),
        ];
        var recount = string.Join("\nUNION ALL\n", breakdowns.Select(b => $"""
            SELECT '{b.Breakdown}', CAST(floor(extract(epoch FROM s.session_start) / 900) * 900 AS BIGINT), {b.Value}, s.is_bot, count(*),
                   sum(CASE WHEN s.events = 1 THEN 1 ELSE 0 END), sum(CASE WHEN s.orders > 0 THEN 1 ELSE 0 END), sum(s.events),
                   sum(CAST(round(s.duration_seconds * 1000000) AS BIGINT))
            FROM fact_sessions s
            JOIN dim_store st ON st.store_key = s.store_key
            JOIN dim_location l ON l.location_key = s.location_key
            JOIN dim_user_agent u ON u.user_agent_key = s.user_agent_key
            JOIN dim_referrer r ON r.referrer_key = s.referrer_key
            GROUP BY 2, 3, 4
            """));
        const string Rollup = """
            SELECT breakdown, start_quarter, value, is_bot, sessions, bounces, sessions_with_order, events, duration_us
            FROM session_rollup
            WHERE sessions <> 0 OR bounces <> 0 OR sessions_with_order <> 0 OR events <> 0 OR duration_us <> 0
            """;
        var expected = (await QueryAsync(w, recount)).Select(r => string.Join('|', r)).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, (await QueryAsync(w, Rollup)).Select(r => string.Join('|', r)).Order(StringComparer.Ordinal).ToList());
    }

    [Fact]
    public async Task Sessions_extended_from_their_tails_batch_by_batch_equal_the_recount_and_a_rebuild()
    {
        var options = new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound };
        var scenario = new SessionStreamScenario(seed: 11, devices: 24, batches: 40, twins: ["i-", "r-"]);
        var batches = scenario.Batches;
        var firstHalf = batches.Take(batches.Count / 2).ToList();
        var w = await OpenAsync(options);
        var extendedInPlace = 0L;
        async Task WriteAsync(List<Facet.Core.Enrichment.EnrichedEvent> batch, int index)
        {
            // Every few batches, proof that the in-order path ran: each tailed "i-" session is marked with its tail
            // (landing_referrer, which no rule reads), and a marked session whose tail moved was extended in place —
            // a rebuild deletes and writes it anew, without the mark.
            var probe = index % 5 == 2;
            if (probe)
            {
                await ExecuteAsync(w, "UPDATE fact_sessions SET landing_referrer = '#' || tail_event_id || '#' || coalesce(landing_referrer, '~null~') WHERE device_id LIKE 'i-%' AND tail_timeout_s IS NOT NULL");
            }

            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
            if (probe)
            {
                extendedInPlace += Convert.ToInt64((await QueryAsync(w, "SELECT count(*) FROM fact_sessions WHERE landing_referrer LIKE '#%' AND landing_referrer NOT LIKE '#' || tail_event_id || '#%'"))[0][0], System.Globalization.CultureInfo.InvariantCulture);
                await ExecuteAsync(w, "UPDATE fact_sessions SET landing_referrer = nullif(substr(landing_referrer, strpos(substr(landing_referrer, 2), '#') + 2), '~null~') WHERE landing_referrer LIKE '#%'");
            }

            // Twin "r-" never has a known tail, so each of its batches rebuilds from the facts as before V016.
            await ExecuteAsync(w, "UPDATE fact_sessions SET tail_timeout_s = NULL WHERE device_id LIKE 'r-%'");
            if (index is 4 or 7)
            {
                // Sessions as written before V016 (no tail) in both twins: the next batch rebuilds those devices once.
                var devices = index == 4 ? "device_id LIKE '%0'" : "device_id LIKE '%edge'";
                await ExecuteAsync(w, $"UPDATE fact_sessions SET tail_event_id = NULL, tail_campaign = NULL, tail_timeout_s = NULL WHERE {devices}");
            }
        }

        for (var i = 0; i < firstHalf.Count; i++)
        {
            await WriteAsync(firstHalf[i], i);
        }

        var (expected, late) = SessionOracle.Run(firstHalf, SessionTimeout, SessionLateBound);
        Assert.Equal(expected, await SessionRowsAsync(w));
        Assert.Equal(await TwinSessionRowsAsync(w, "r-"), await TwinSessionRowsAsync(w, "i-"));
        await AssertSessionRollupEqualsRecountAsync(w);
        // The boundary cases happened: the edge device's sessions as the rules cut them (see SessionStreamScenario).
        Assert.Equal(
            ["2024-05-01 01:00:00|2024-05-01 01:01:00|2", "2024-05-01 01:02:00|2024-05-01 01:33:00|5", "2024-05-01 02:03:01|2024-05-01 02:03:01|1", "2024-05-01 02:03:11|2024-05-01 02:03:11|1"],
            (await QueryAsync(w, "SELECT session_start, session_end, events FROM fact_sessions WHERE device_id = 'i-edge'")).Select(r => string.Join('|', r)).Order(StringComparer.Ordinal));

        // A restart with a shorter timeout: sessions cut with the old one are rebuilt where new events reach them.
        var shorter = new WarehouseOptions { SessionTimeout = TimeSpan.FromMinutes(20), SessionLateBound = SessionLateBound };
        w = await ReopenAsync(w, shorter);
        for (var i = firstHalf.Count; i < batches.Count; i++)
        {
            await WriteAsync(batches[i], i);
        }

        var twins = await TwinSessionRowsAsync(w, "i-");
        Assert.Equal(await TwinSessionRowsAsync(w, "r-"), twins);
        Assert.True(twins.Count > 100, $"{twins.Count} sessions");
        await AssertSessionRollupEqualsRecountAsync(w);
        Assert.True(late > 0, "no event arrived beyond the late bound");
        Assert.True(extendedInPlace > 0, "no session was extended from its tail");
    }

    [Fact]
    public async Task Session_durations_are_the_microseconds_between_first_and_last_event_divided_once_on_every_path()
    {
        // Sub-second gaps within the 30-minute timeout, each session's duration reached three ways: a new session
        // (appended by SessionWriter), a stored session extended by a later batch (updated in place), and one rebuilt
        // from the facts (a later batch brings an event before the stored one). Every path stores the nearest double to
        // gap / 10^6 — one correctly rounded division, as C# makes it; DuckDB's epoch(end) - epoch(start) rounded twice.
        var w = await OpenAsync(new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound });
        long[] gaps = [1_000_001, 1_723_123_457, 59_999_999, 123_456_789, 7_000_003, 1_234_567, 987_654_321, 33_333_333, 1_500_000_001, 4_000_007];
        var start = new DateTimeOffset(2024, 5, 1, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_560);
        List<EnrichedEvent> first = [], second = [];
        var offset = 0L;
        EnrichedEvent At(string device, DateTimeOffset time) =>
            SessionScenario.Event($"{device}-{offset}", device, time, "view_product_detail", null, 1, offset++);
        for (var i = 0; i < gaps.Length; i++)
        {
            var t0 = start.AddHours(i);
            var t1 = t0.AddTicks(gaps[i] * 10);
            first.AddRange([At($"new{i}", t0), At($"new{i}", t1), At($"ext{i}", t0), At($"reb{i}", t1)]);
            second.AddRange([At($"ext{i}", t1), At($"reb{i}", t0)]);
        }

        await w.WriteBatchAsync(WarehouseBatch.Clickstream(first, [], []), CancellationToken.None);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(second, [], []), CancellationToken.None);

        var expected = string.Join(", ", gaps.SelectMany((gap, i) => new[] { "new", "ext", "reb" }.Select(path =>
            $"('{path}{i}', CAST('{gap / 1_000_000}.{gap % 1_000_000:D6}' AS DOUBLE PRECISION))")));
        var rows = await QueryAsync(w, $"""
            SELECT s.device_id, s.duration_seconds = e.seconds, s.events
            FROM fact_sessions s JOIN (VALUES {expected}) e(device, seconds) ON e.device = s.device_id
            ORDER BY s.device_id
            """);
        Assert.Equal(gaps.Length * 3, rows.Count);
        Assert.All(rows, r => Assert.Equal([r[0], "true", "2"], r));
        await AssertSessionRollupEqualsRecountAsync(w);
    }
}
