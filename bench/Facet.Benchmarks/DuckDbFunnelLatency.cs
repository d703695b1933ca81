using System.Diagnostics;
using System.Globalization;
using Facet.Dashboard;
using Facet.Storage;
using Facet.Storage.DuckDb;
using Facet.Storage.Internal;
using Facet.Storage.Reports;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.Benchmarks;

/// <summary>
/// Issue 21 on DuckDB: the funnel report's latency at N facts, from the facts and from funnel_progress, like
/// <see cref="ReportBenchmarks"/> does on PostgreSQL and with the same data shapes (the worst case by default,
/// FACET_BENCH_SHAPE=visits for visits). A missing FILE is filled first: a schema version 1 warehouse with facts by
/// SQL and V001's hourly rollups, then the real migration back-fills the rest (sessions, rollups, funnel progress) from
/// the facts; an existing FILE is measured as it is.
/// Run: dotnet bench/Facet.Benchmarks/bin/Release/net10.0/Facet.Benchmarks.dll funnel-latency-duckdb FILE [facts] [calls]
/// </summary>
internal static class DuckDbFunnelLatency
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: funnel-latency-duckdb FILE [facts] [calls]");
            return 2;
        }

        var path = Path.GetFullPath(args[0]);
        var facts = args.Length > 1 ? long.Parse(args[1], CultureInfo.InvariantCulture) : 10_000_000;
        var calls = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 40;
        if (File.Exists(path))
        {
            Console.WriteLine($"measuring the filled file {path} (migrated first if it is not yet); the facts argument is not used");
        }
        else
        {
            var clock = Stopwatch.StartNew();
            await FillAsync(path, facts);
            Console.WriteLine($"filled {facts:N0} facts and V001's rollups in {clock.Elapsed.TotalSeconds:0.0} s");
        }

        await MigrateAsync(path);

        // Read-write: the harness's own connection switches the report between the paths (the back-fill queue), and the
        // first connection to a file in a process fixes the mode.
        await using var reports = ReportService.ForDuckDb(path, readOnly: false);
        await using var app = DashboardApp.Build(new DashboardOptions { Port = 0, Cache = "off" }, reports, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()) };
        await using var toggle = new DuckDBConnection($"Data Source={path}");
        await toggle.OpenAsync();
        var day = ReportBenchmarks.FirstDay.AddDays(ReportBenchmarks.Days / 2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Console.WriteLine($"{"endpoint",-52} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
        foreach (var (name, url) in ReportBenchmarks.FunnelEndpoints(day))
        {
            await ReportBenchmarks.CompareFunnelPathsAsync(http, async sql =>
            {
                await using var command = toggle.CreateCommand();
                command.CommandText = sql;
                await command.ExecuteNonQueryAsync();
            }, name, url, calls);
        }

        await app.StopAsync();
        return 0;
    }

    private static async Task FillAsync(string path, long facts)
    {
        await using (var connection = new DuckDBConnection($"Data Source={path}"))
        {
            await connection.OpenAsync();
            var v1 = Migration.For("DuckDb")[0];
            Execute(connection, DuckDbSql.CreateSchemaVersion);
            Execute(connection, v1.Sql);
            Execute(connection, $"INSERT INTO schema_version (version, description) VALUES ({v1.Version}, '{v1.Description.Replace("'", "''", StringComparison.Ordinal)}')");
            Execute(connection, "SET TimeZone = 'UTC'");
            Execute(connection, "INSERT INTO dim_product (natural_key, product_id, product_name) SELECT g::text, g::text, 'Glamira Ring ' || g FROM range(1, 5001) t(g)");
            Execute(connection, "INSERT INTO dim_store (natural_key, store_id, domain, country_code) SELECT g::text, g::text, 'glamira.s' || g, 'C' || (g % 80) FROM range(1, 81) t(g)");
            Execute(connection, "INSERT INTO dim_location (natural_key, country_code, country_name, city) SELECT g::text, 'C' || (g % 80), 'Country ' || (g % 80), 'City ' || g FROM range(1, 2001) t(g)");
            Execute(connection, "INSERT INTO dim_user_agent (natural_key, browser, os, device_family, device_type, is_bot) SELECT g::text, 'Browser' || (g % 12), 'Os' || (g % 6), 'Other', 'desktop', g % 50 = 0 FROM range(1, 301) t(g)");
            Execute(connection, "INSERT INTO dim_referrer (natural_key, host, medium) SELECT g::text, CASE WHEN g = 61 THEN '(direct)' ELSE 'ref' || g || '.example' END, CASE WHEN g = 61 THEN 'direct' WHEN g % 10 = 0 THEN 'internal' ELSE 'search' END FROM range(1, 62) t(g)");
            Execute(connection, "SELECT setseed(0.21)");
            Execute(connection, ReportBenchmarks.Visits ? VisitFacts(facts) : SpreadFacts(facts));
            Execute(connection, "INSERT INTO rollup_product_hourly SELECT date_trunc('hour', event_ts), collection, is_bot, product_key, count(*) FROM fact_events GROUP BY ALL");
            Execute(connection, "INSERT INTO rollup_referrer_hourly SELECT date_trunc('hour', event_ts), collection, is_bot, referrer_key, count(*) FROM fact_events GROUP BY ALL");
            Execute(connection, "INSERT INTO rollup_browser_os_hourly SELECT date_trunc('hour', f.event_ts), f.collection, f.is_bot, u.browser, u.os, count(*) FROM fact_events f JOIN dim_user_agent u USING (user_agent_key) GROUP BY ALL");
            Execute(connection, "INSERT INTO rollup_collection_hourly SELECT date_trunc('hour', event_ts), collection, is_bot, count(*) FROM fact_events GROUP BY ALL");
            Execute(connection, "CHECKPOINT");
        }
    }

    /// <summary>The real migration to the current version: its back-fills build the rollups, sessions and funnel progress.</summary>
    private static async Task MigrateAsync(string path)
    {
        var migrate = Stopwatch.StartNew();
        // All cores and 8 GB for the back-fills over every fact (Facet's DuckDB defaults, one thread and 512MB, are a
        // loader's, beside its consumers).
        var options = new WarehouseOptions { DuckDbThreads = 0, DuckDbMemoryLimit = "8GB" };
        await using (var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse("duckdb:" + path), options, null, CancellationToken.None))
        {
            await warehouse.MigrateAsync(CancellationToken.None);
        }

        Console.WriteLine($"  {migrate.Elapsed.TotalSeconds,6:0.0} s  migrate to schema version {WarehouseFactory.SchemaVersion} (back-fills the report rollups, sessions, the session rollup and funnel progress)");
    }

    private static void Execute(DuckDBConnection connection, string sql)
    {
        var step = Stopwatch.StartNew();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
        if (step.Elapsed.TotalSeconds > 5)
        {
            var first = sql.Trim().Split('\n')[0];
            Console.WriteLine($"  {step.Elapsed.TotalSeconds,6:0.0} s  {first[..Math.Min(70, first.Length)]}");
        }
    }

    private const string FactColumns = """
        INSERT INTO fact_events (event_key, event_date, event_id, event_ts, date_key, hour, collection, product_key, store_key,
            location_key, user_agent_key, referrer_key, customer_key, device_id, is_bot, time_fallback, ingested_at, source,
            source_partition, source_offset, cart_products, currency)
        """;

    private const string OrderCart =
        "('[{\"product_id\":\"' || (1 + g % 5000) || '\",\"amount\":' || (1 + g % 2) || ',\"price\":' || (100 + g % 900) || '.5,\"currency\":\"' || (CASE WHEN g % 3000 = 0 THEN '£' ELSE '€' END) || '\",\"option\":[]}]')::json";

    /// <summary>ReportBenchmarks' worst case in DuckDB's SQL: event g on device g mod 50,000, evenly over 30 days.</summary>
    private static string SpreadFacts(long facts)
    {
        var spacingUs = (ReportBenchmarks.Days * 86400.0 * 1e6 / facts).ToString("R", CultureInfo.InvariantCulture);
        return $"""
            {FactColumns}
            SELECT md5('bench ' || g)::uuid, ts::date, g::text, ts, strftime(ts, '%Y%m%d')::int, hour(ts)::smallint,
                   {ReportBenchmarks.SpreadCollection},
                   1 + floor(5000 * power(random(), 3))::int, 1 + (g % 80)::int, 1 + floor(2000 * power(random(), 2))::int,
                   1 + ((g * 7) % 300)::int, 1 + (g % 61)::int, 0, 'device-' || (g % 50000), ((g * 7) % 300 + 1) % 50 = 0, false, now(), 'bench', 0, g,
                   CASE WHEN g % 500 = 0 THEN {OrderCart} END,
                   CASE WHEN g % 500 = 0 THEN '€' END
            FROM (SELECT g, timestamptz '{ReportBenchmarks.FirstDay:yyyy-MM-dd} 00:00:00+00' + to_microseconds((g * {spacingUs})::bigint) AS ts FROM range(0, {facts}) t(g)) s
            """;
    }

    /// <summary>ReportBenchmarks' visits in DuckDB's SQL: 8 events 40 s apart per visit, visits evenly over 30 days.</summary>
    private static string VisitFacts(long facts)
    {
        var spacingUs = ((((ReportBenchmarks.Days * 86400.0) - 600) / (facts / 8.0)) * 1e6).ToString("R", CultureInfo.InvariantCulture);
        return $"""
            {FactColumns}
            SELECT md5('bench ' || g)::uuid, ts::date, g::text, ts, strftime(ts, '%Y%m%d')::int, hour(ts)::smallint,
                   {ReportBenchmarks.VisitCollection},
                   1 + floor(5000 * power(random(), 3))::int, 1 + (v % 80)::int, 1 + ((v * 37) % 2000)::int,
                   1 + ((v * 7) % 300)::int, 1 + (v % 61)::int, 0, 'device-' || (v % 50000), ((v * 7) % 300 + 1) % 50 = 0, false, now(), 'bench', 0, g,
                   CASE WHEN g % 8 = 7 AND v % 80 = 0 THEN {OrderCart} END,
                   CASE WHEN g % 8 = 7 AND v % 80 = 0 THEN '€' END
            FROM (SELECT g, g // 8 AS v, timestamptz '{ReportBenchmarks.FirstDay:yyyy-MM-dd} 00:00:00+00' + to_microseconds(((g // 8) * {spacingUs})::bigint + (g % 8) * 40000000) AS ts
                  FROM range(0, {facts}) t(g)) s
            """;
    }
}
