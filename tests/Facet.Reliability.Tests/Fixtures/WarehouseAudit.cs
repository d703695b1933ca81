using Confluent.Kafka;
using Npgsql;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>The end-of-run checks every fault test makes on a PostgreSQL warehouse.</summary>
public static class WarehouseAudit
{
    // Each rollup = its recount from fact_events (+ dim_user_agent for browser/os, dim_location for the country), compared
    // both ways: hourly tables per UTC hour, daily tables per the loader's date_key (the tests' loaders share one zone).
    private static readonly (string Table, string Keys, string Recount)[] Rollups =
    [
        ("rollup_product_hourly", "product_key", "f.product_key"),
        ("rollup_country_store_hourly", "country_code, store_key", "coalesce(l.country_code, ''), f.store_key"),
        ("rollup_referrer_hourly", "referrer_key", "f.referrer_key"),
        ("rollup_browser_os_hourly", "browser, os", "u.browser, u.os"),
        ("rollup_collection_hourly", "", ""),
        ("rollup_product_daily", "product_key", "f.product_key"),
        ("rollup_country_store_daily", "country_code, store_key", "coalesce(l.country_code, ''), f.store_key"),
        ("rollup_collection_daily", "", ""),
    ];

    // kpi_devices_daily = the distinct (day, bot flag, device id) of the facts with a device id, compared both ways.
    private const string DeviceDayDifferences = """
        WITH recount AS (SELECT DISTINCT date_key, is_bot, device_id FROM fact_events WHERE device_id IS NOT NULL),
        stored AS (SELECT date_key, is_bot, device_id FROM kpi_devices_daily)
        SELECT count(*) FROM ((SELECT * FROM recount EXCEPT ALL SELECT * FROM stored) UNION ALL (SELECT * FROM stored EXCEPT ALL SELECT * FROM recount)) d
        """;

    public static async Task<long> ScalarAsync(string connectionString, string sql)
    {
        // Unpooled: the outage tests stop the server and terminate backends under these probes too.
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>For every rollup table, the number of rows that differ from a recount of the facts (0 = exact) and the rows it holds.</summary>
    public static async Task<IReadOnlyList<(string Table, long Differences, long Rows)>> RollupDifferencesAsync(string connectionString)
    {
        var result = new List<(string, long, long)>();
        foreach (var (table, keys, recount) in Rollups)
        {
            var k = keys.Length == 0 ? "" : ", " + keys;
            var r = recount.Length == 0 ? "" : ", " + recount;
            var daily = table.EndsWith("_daily", StringComparison.Ordinal);
            var period = daily ? "date_key" : "hour_utc";
            var sql = $"""
                WITH recount AS (
                    SELECT {(daily ? "f.date_key" : "date_trunc('hour', f.event_ts, 'UTC')")} AS {period}, f.collection, f.is_bot{r}, count(*) AS events
                    FROM fact_events f JOIN dim_user_agent u ON u.user_agent_key = f.user_agent_key JOIN dim_location l ON l.location_key = f.location_key
                    GROUP BY 1, 2, 3{(keys.Length == 0 ? "" : ", " + string.Join(", ", Enumerable.Range(4, keys.Split(',').Length)))}),
                stored AS (SELECT {period}, collection, is_bot{k}, events FROM {table})
                SELECT count(*) FROM ((SELECT * FROM recount EXCEPT ALL SELECT * FROM stored) UNION ALL (SELECT * FROM stored EXCEPT ALL SELECT * FROM recount)) d
                """;
            result.Add((table, await ScalarAsync(connectionString, sql), await ScalarAsync(connectionString, $"SELECT count(*) FROM {table}")));
        }

        result.Add(("kpi_devices_daily", await ScalarAsync(connectionString, DeviceDayDifferences), await ScalarAsync(connectionString, "SELECT count(*) FROM kpi_devices_daily")));

        return result;
    }

    /// <summary>
    /// The derived rows against the facts, after a run: no batch whose sessions and funnel progress are still pending
    /// (V023: a run killed between a batch's two commits leaves one, which the next write recovers), every fact with a
    /// device in exactly one session or counted late, and funnel_progress equal to a back-fill of every device from the
    /// facts (<paramref name="backFill"/> computes the queue: <c>facet db maintenance</c>). Returns each check's
    /// differences (0 = exact) and how many funnel_progress rows were compared.
    /// </summary>
    public static async Task<(IReadOnlyList<(string Check, long Differences)> Checks, long FunnelRows)> DerivedDifferencesAsync(string connectionString, Func<Task> backFill)
    {
        const string Columns = "funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key, user_agent_key, held_us";
        var result = new List<(string, long)>
        {
            ("batches with derived rows pending", await ScalarAsync(connectionString, "SELECT count(*) FROM derived_pending")),
            ("facts with a device in no session and not late (negative: counted twice)", await ScalarAsync(connectionString,
                "SELECT (SELECT count(*) FROM fact_events WHERE device_id <> '') - (SELECT coalesce(sum(events), 0) FROM fact_sessions) - (SELECT count(*) FROM session_late_events)")),
        };
        await ScalarAsync(connectionString, $"""
            DROP TABLE IF EXISTS audit_funnel_progress;
            CREATE TABLE audit_funnel_progress AS SELECT {Columns} FROM funnel_progress;
            DELETE FROM funnel_progress;
            INSERT INTO funnel_progress_backfill (device_id) SELECT DISTINCT device_id FROM fact_events WHERE device_id <> '' ON CONFLICT DO NOTHING;
            SELECT 0
            """);
        await backFill();
        result.Add(("funnel_progress rows that differ from a back-fill", await ScalarAsync(connectionString, $"""
            SELECT count(*) FROM ((SELECT {Columns} FROM audit_funnel_progress EXCEPT ALL SELECT {Columns} FROM funnel_progress)
                                  UNION ALL (SELECT {Columns} FROM funnel_progress EXCEPT ALL SELECT {Columns} FROM audit_funnel_progress)) d
            """)));
        return (result, await ScalarAsync(connectionString, "SELECT count(*) FROM audit_funnel_progress"));
    }

    /// <summary>Partitions whose warehouse checkpoint differs from the topic's end offset, as "p: checkpoint/end".</summary>
    public static async Task<IReadOnlyList<string>> CheckpointsBehindEndAsync(string connectionString, string bootstrap, string topic, string group, int partitions)
    {
        var stored = new Dictionary<int, long>();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT partition, next_offset FROM stream_checkpoints WHERE consumer_group = @g AND topic = @t", connection);
            command.Parameters.AddWithValue("g", group);
            command.Parameters.AddWithValue("t", topic);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetInt32(0)] = reader.GetInt64(1);
            }
        }

        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "audit-" + Guid.NewGuid().ToString("N") }).Build();
        var differences = new List<string>();
        for (var p = 0; p < partitions; p++)
        {
            var end = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(30)).High.Value;
            var checkpoint = stored.GetValueOrDefault(p, 0);
            if (checkpoint != end)
            {
                differences.Add($"{p}: {checkpoint}/{end}");
            }
        }

        return differences;
    }
}
