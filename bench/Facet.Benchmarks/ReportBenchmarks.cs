using System.Diagnostics;
using System.Globalization;
using Facet.Dashboard;
using Facet.Storage;
using Facet.Storage.Internal;
using Facet.Storage.Postgres;
using Facet.Storage.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Facet.Benchmarks;

/// <summary>
/// Report API latency (issue 9), a custom harness: fills a fresh PostgreSQL database with N synthetic facts over 30
/// days by SQL (5k Zipf-like products, 80 stores, 2k places, 300 user agents, 61 referrers, 6 collections plus, issue
/// 21, 0.2 % checkout_success with a one-line cart, 0.4 % checkout and 0.6 % view_shopping_cart) into a
/// schema version 1 warehouse with V001's hourly rollups built from them as its loader would (but the one V002 drops unread), migrates it to the current
/// version (the migration back-fills the report rollups, the sessions (V008), the session rollup (V010) and the funnel
/// progress (V014, through the writer's own code) from fact_events, as for an existing warehouse), then calls each
/// <c>GET /api/reports/{name}</c> of a real dashboard on loopback many times and prints p50/p95/max per endpoint.
/// Run: FACET_BENCH_POSTGRES='Host=…;Username=…' dotnet run -c Release --project bench/Facet.Benchmarks -- report-latency [facts] [calls]
/// </summary>
internal static class ReportBenchmarks
{
    public const int Days = 30;
    public static readonly DateOnly FirstDay = new(2026, 10, 1);

    public static async Task<int> RunAsync(string[] args)
    {
        var facts = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 10_000_000;
        var calls = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
        var server = Environment.GetEnvironmentVariable("FACET_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("FACET_TEST_POSTGRES");
        if (string.IsNullOrEmpty(server))
        {
            await Console.Error.WriteLineAsync("set FACET_BENCH_POSTGRES to a PostgreSQL server connection string (Host=…;Username=…), e.g. one started like ./test.sh does");
            return 2;
        }

        // FACET_BENCH_DATABASE=NAME keeps the filled database under that name and, when it exists already, measures it
        // without filling again (a 10M fill takes a good part of an hour on a loaded machine: fill once, measure often).
        var kept = Environment.GetEnvironmentVariable("FACET_BENCH_DATABASE");
        var database = string.IsNullOrEmpty(kept) ? "facet_report_bench_" + Guid.NewGuid().ToString("N")[..12] : kept;
        bool exists;
        await using (var admin = NpgsqlDataSource.Create(server))
        {
            await using var find = admin.CreateCommand("SELECT count(*) FROM pg_database WHERE datname = $1");
            find.Parameters.Add(new NpgsqlParameter<string> { TypedValue = database });
            exists = Convert.ToInt64(await find.ExecuteScalarAsync(), CultureInfo.InvariantCulture) > 0;
            if (!exists)
            {
                await using var create = admin.CreateCommand($"CREATE DATABASE {database}");
                await create.ExecuteNonQueryAsync();
            }
        }

        var connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database, CommandTimeout = 0 }.ConnectionString;
        try
        {
            if (exists)
            {
                Console.WriteLine($"measuring the filled database {database} (FACET_BENCH_DATABASE); the facts argument is not used");
            }
            else
            {
                var clock = Stopwatch.StartNew();
                await FillAsync(connectionString, facts);
                Console.WriteLine($"filled {facts:N0} facts and their rollups in {clock.Elapsed.TotalSeconds:0.0} s");
            }

            await using var reports = ReportService.ForPostgres(connectionString);
            // The report cache off: every call reads the warehouse (with it, repeated calls would measure cache hits).
            await using var app = DashboardApp.Build(new DashboardOptions { Port = 0, Cache = "off" }, reports, logging => logging.SetMinimumLevel(LogLevel.Warning));
            await app.StartAsync();
            using var http = new HttpClient { BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First()) };
            var day = FirstDay.AddDays(Days / 2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var endpoints = new (string Name, string Url)[]
            {
                ("top-products", $"/api/reports/top-products?date={day}"),
                ("top-countries", $"/api/reports/top-countries?date={day}"),
                ("top-referrers", $"/api/reports/top-referrers?date={day}"),
                ("store-views", $"/api/reports/store-views?date={day}&country=C1"),
                ("hourly-product-views", $"/api/reports/hourly-product-views?date={day}&product=1"),
                ("hourly-browser-os", $"/api/reports/hourly-browser-os?date={day}"),
                ("top-products latest", "/api/reports/top-products"),
                ("top-products csv", $"/api/reports/top-products.csv?date={day}"),
                ("top-products Europe/Berlin", $"/api/reports/top-products?date={day}&tz=Europe/Berlin"),
                ("top-products Asia/Kolkata (facts)", $"/api/reports/top-products?date={day}&tz=Asia/Kolkata"),
                ("top-countries --by store", $"/api/reports/top-countries?date={day}&by=store"),
                ("store-views Europe/Berlin", $"/api/reports/store-views?date={day}&country=C1&tz=Europe/Berlin"),
                ("kpis (whole-day window)", $"/api/kpis?date={day}"),
                ("kpis include_bots", $"/api/kpis?date={day}&include_bots=true"),
                ("pipeline", "/api/pipeline"),
                ("revenue (by hour)", $"/api/reports/revenue?date={day}"),
                ("revenue by store", $"/api/reports/revenue?date={day}&by=store"),
                ("revenue by medium (session landing)", $"/api/reports/revenue?date={day}&by=medium"),
                ("revenue by campaign (session landing)", $"/api/reports/revenue?date={day}&by=campaign"),
                ("top-products-by-revenue", $"/api/reports/top-products-by-revenue?date={day}"),
                ("conversion", $"/api/reports/conversion?date={day}"),
                ("conversion by country", $"/api/reports/conversion?date={day}&by=country"),
                ("conversion by medium", $"/api/reports/conversion?date={day}&by=medium"),
                ("conversion Asia/Kolkata", $"/api/reports/conversion?date={day}&tz=Asia/Kolkata"),
                ("sessions (by hour)", $"/api/reports/sessions?date={day}"),
                ("sessions by browser, Asia/Kolkata", $"/api/reports/sessions?date={day}&by=browser&tz=Asia/Kolkata"),
                ("sessions over 7 days by day", $"/api/reports/sessions?from={day}&to={FirstDay.AddDays((Days / 2) + 7):yyyy-MM-dd}&by=day"),
            };
            Console.WriteLine($"{"endpoint",-36} {"p50 ms",8} {"p95 ms",8} {"max ms",8}");
            // FACET_BENCH_ONLY=revenue,funnel measures only the endpoints whose name contains one of the words.
            var only = Environment.GetEnvironmentVariable("FACET_BENCH_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            foreach (var (name, url) in endpoints)
            {
                if (only.Length > 0 && !only.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase)))
                {
                    continue;
                }

                var times = new List<double>(calls);
                for (var i = 0; i < calls + 10; i++)
                {
                    var call = Stopwatch.StartNew();
                    using var response = await http.GetAsync(url);
                    response.EnsureSuccessStatusCode();
                    await response.Content.ReadAsByteArrayAsync();
                    if (i >= 10)
                    {
                        times.Add(call.Elapsed.TotalMilliseconds);
                    }
                }

                times.Sort();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-36} {times[times.Count / 2],8:0.0} {times[(int)(times.Count * 0.95)],8:0.0} {times[^1],8:0.0}"));
            }

            if (only.Length == 0 || only.Any(word => "funnel".Contains(word, StringComparison.OrdinalIgnoreCase)))
            {
                await using var data = NpgsqlDataSource.Create(connectionString);
                foreach (var (name, url) in FunnelEndpoints(day))
                {
                    await CompareFunnelPathsAsync(http, async sql =>
                    {
                        await using var toggle = data.CreateCommand(sql);
                        await toggle.ExecuteNonQueryAsync();
                    }, name, url, calls);
                }
            }

            await app.StopAsync();
            return 0;
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            if (!string.IsNullOrEmpty(kept))
            {
                Console.WriteLine($"kept database {database}");
            }
            else
            {
                await DropAsync(server, database);
            }
        }
    }

    private static async Task DropAsync(string server, string database)
    {
        await using var admin = NpgsqlDataSource.Create(server);
        await using var drop = admin.CreateCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Issue 21, funnel progress (V014): one funnel request from the facts (a device queued for the back-fill makes the
    /// report fall back to them, as it does until a migration's back-fill has finished) and from funnel_progress,
    /// alternating blocks of 10 calls (A B A B …) so both paths see the same machine load; each response's "source"
    /// is checked, so a row is labelled with the path that answered.
    /// </summary>
    public static async Task CompareFunnelPathsAsync(HttpClient http, Func<string, Task> execute, string name, string url, int calls)
    {
        // FACET_BENCH_FUNNEL_PATHS=funnel_progress measures the table path alone (a 10M day from the facts takes seconds).
        var paths = Environment.GetEnvironmentVariable("FACET_BENCH_FUNNEL_PATHS")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? ["facts", "funnel_progress"];
        var times = new Dictionary<string, List<double>>();
        foreach (var path in paths)
        {
            times[path switch { "facts" => "facts", "funnel_progress" => "rollups", _ => throw new ArgumentException($"FACET_BENCH_FUNNEL_PATHS: unknown path '{path}' (facts, funnel_progress)") }] = [];
        }

        for (var round = 0; round < Math.Max(1, calls / 10); round++)
        {
            foreach (var source in times.Keys)
            {
                await execute(source == "facts"
                    ? "INSERT INTO funnel_progress_backfill (device_id) VALUES ('bench: report from the facts')"
                    : "DELETE FROM funnel_progress_backfill");

                for (var i = 0; i < (round == 0 ? 13 : 10); i++)
                {
                    var call = Stopwatch.StartNew();
                    using var response = await http.GetAsync(url);
                    response.EnsureSuccessStatusCode();
                    var body = await response.Content.ReadAsStringAsync();
                    var elapsed = call.Elapsed.TotalMilliseconds;
                    if (!body.Contains($"\"source\":\"{source}\"", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException($"{name}: expected \"source\":\"{source}\" in {body[..Math.Min(200, body.Length)]}");
                    }

                    // The first three calls of each path are warm-up.
                    if (round > 0 || i >= 3)
                    {
                        times[source].Add(elapsed);
                    }
                }
            }
        }

        foreach (var (source, list) in times)
        {
            list.Sort();
            var label = $"{name} ({(source == "facts" ? "facts" : "funnel_progress")})";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label,-52} {list[list.Count / 2],8:0.0} {list[(int)(list.Count * 0.95)],8:0.0} {list[^1],8:0.0}  ({list.Count} calls)"));
        }
    }

    /// <summary>The funnel requests measured on a day of the filled data (issue 21), both backends.</summary>
    public static (string Name, string Url)[] FunnelEndpoints(string day) =>
    [
        ("funnel shop", $"/api/reports/funnel?date={day}"),
        ("funnel shop any order by device", $"/api/reports/funnel?date={day}&mode=any&by=device"),
        ("funnel shop by country", $"/api/reports/funnel?date={day}&by=country"),
    ];

    /// <summary>The collection of the worst case's event g (SQL both dialects read alike): 0.2 % orders, then checkouts and carts, the rest in six.</summary>
    public const string SpreadCollection = """
        CASE WHEN g % 500 = 0 THEN 'checkout_success' WHEN g % 500 IN (1, 2) THEN 'checkout' WHEN g % 500 IN (3, 4, 5) THEN 'view_shopping_cart'
             ELSE CASE g % 6 WHEN 0 THEN 'view_product_detail' WHEN 1 THEN 'view_product_detail' WHEN 2 THEN 'view_product_detail'
                             WHEN 3 THEN 'select_product_option' WHEN 4 THEN 'add_to_cart_action' ELSE 'product_detail_recommendation_visible' END END
        """;

    /// <summary>The collection of event g of visit v (SQL both dialects read alike): each visit goes down the shop funnel as far as v allows.</summary>
    public const string VisitCollection = """
        CASE g % 8 WHEN 0 THEN 'view_product_detail' WHEN 1 THEN 'product_detail_recommendation_visible' WHEN 2 THEN 'view_product_detail'
                   WHEN 3 THEN CASE WHEN v % 2 = 0 THEN 'select_product_option' ELSE 'view_product_detail' END
                   WHEN 4 THEN CASE WHEN v % 4 = 0 THEN 'add_to_cart_action' ELSE 'product_detail_recommendation_visible' END
                   WHEN 5 THEN CASE WHEN v % 8 = 0 THEN 'view_shopping_cart' ELSE 'view_product_detail' END
                   WHEN 6 THEN CASE WHEN v % 40 = 0 THEN 'checkout' ELSE 'view_product_detail' END
                   ELSE CASE WHEN v % 80 = 0 THEN 'checkout_success' ELSE 'product_detail_recommendation_visible' END END
        """;

    /// <summary>The cart of a generated order: one line, amount 1–2, a price with cents, in euros (pounds for one in six).</summary>
    private const string OrderCart =
        "('[{\"product_id\":\"' || (1 + g % 5000) || '\",\"amount\":' || (1 + g % 2) || ',\"price\":' || (100 + g % 900) || '.5,\"currency\":\"' || (CASE WHEN g % 3000 = 0 THEN '£' ELSE '€' END) || '\",\"option\":[]}]')::jsonb";

    /// <summary>
    /// FACET_BENCH_SHAPE=visits: a device's events come in visits (the default spreads them, every event its own visit).
    /// </summary>
    public static bool Visits => Environment.GetEnvironmentVariable("FACET_BENCH_SHAPE") == "visits";

    private const string FactColumns = """
        INSERT INTO fact_events (event_key, event_date, event_id, event_ts, date_key, hour, collection, product_key, store_key,
            location_key, user_agent_key, referrer_key, customer_key, device_id, is_bot, time_fallback, ingested_at, source,
            source_partition, source_offset, cart_products, currency)
        """;

    /// <summary>
    /// The worst case for funnel_progress: 50,000 devices, event g on device g mod 50,000, so a device's events lie
    /// 50,000 events apart (3.6 h at 10M facts over 30 days, 18 h at 2M) and every step event is its own entry candidate.
    /// </summary>
    private static string SpreadFacts(long facts)
    {
        var spacing = (Days * 86400.0 / facts).ToString("R", CultureInfo.InvariantCulture);
        return $"""
            SELECT setseed(0.21);
            {FactColumns}
            SELECT md5('bench ' || g)::uuid, (ts AT TIME ZONE 'UTC')::date, g::text, ts, to_char(ts AT TIME ZONE 'UTC', 'YYYYMMDD')::int,
                   extract(hour FROM ts AT TIME ZONE 'UTC')::smallint,
                   {SpreadCollection},
                   1 + floor(5000 * power(random(), 3))::int, 1 + (g % 80)::int, 1 + floor(2000 * power(random(), 2))::int,
                   1 + ((g * 7) % 300)::int, 1 + (g % 61)::int, 0, 'device-' || (g % 50000), ((g * 7) % 300 + 1) % 50 = 0, false, now(), 'bench', 0, g,
                   CASE WHEN g % 500 = 0 THEN {OrderCart} END,
                   CASE WHEN g % 500 = 0 THEN '€' END
            FROM (SELECT g, timestamptz '{FirstDay:yyyy-MM-dd} 00:00:00+00' + g * {spacing} * interval '1 second' AS ts FROM generate_series(0, {facts - 1}) g) s
            """;
    }

    /// <summary>
    /// Visits, as <c>facet generate</c> makes them: 8 events 40 s apart (visit v = g / 8 on device v mod 50,000, one
    /// store, place, user agent and referrer per visit), visits evenly over 30 days. Each visit views a product, sees
    /// recommendations and goes down the shop funnel as far as v allows: an option for half the visits, the cart for a
    /// quarter, the cart page for an eighth, checkout for 1 in 40, an order for 1 in 80 (0.16 % of events).
    /// </summary>
    private static string VisitFacts(long facts)
    {
        // The last visit ends inside the 30 days (there is no partition after them).
        var spacing = (((Days * 86400.0) - 600) / (facts / 8.0)).ToString("R", CultureInfo.InvariantCulture);
        return $"""
            SELECT setseed(0.21);
            {FactColumns}
            SELECT md5('bench ' || g)::uuid, (ts AT TIME ZONE 'UTC')::date, g::text, ts, to_char(ts AT TIME ZONE 'UTC', 'YYYYMMDD')::int,
                   extract(hour FROM ts AT TIME ZONE 'UTC')::smallint,
                   {VisitCollection},
                   1 + floor(5000 * power(random(), 3))::int, 1 + (v % 80)::int, 1 + ((v * 37) % 2000)::int,
                   1 + ((v * 7) % 300)::int, 1 + (v % 61)::int, 0, 'device-' || (v % 50000), ((v * 7) % 300 + 1) % 50 = 0, false, now(), 'bench', 0, g,
                   CASE WHEN g % 8 = 7 AND v % 80 = 0 THEN {OrderCart} END,
                   CASE WHEN g % 8 = 7 AND v % 80 = 0 THEN '€' END
            FROM (SELECT g, g / 8 AS v, timestamptz '{FirstDay:yyyy-MM-dd} 00:00:00+00' + ((g / 8) * {spacing} + (g % 8) * 40) * interval '1 second' AS ts
                  FROM generate_series(0, {facts - 1}) g) s
            """;
    }

    private static async Task FillAsync(string connectionString, long facts)
    {
        await using var data = NpgsqlDataSource.Create(connectionString);

        // A version 1 warehouse (schema V001 and its row in schema_version), filled by SQL below with facts and V001's
        // hourly rollups; then the real migration to the current version back-fills the report rollups from the facts,
        // exactly as for an existing warehouse (tests prove the back-fill equals what the loader writes).
        var v1 = Migration.For("Postgres")[0];
        await ExecuteAsync(data, [PostgresSql.CreateSchemaVersion, v1.Sql]);
        await using (var record = data.CreateCommand(PostgresSql.InsertSchemaVersion))
        {
            record.Parameters.Add(new NpgsqlParameter<int> { TypedValue = v1.Version });
            record.Parameters.Add(new NpgsqlParameter<string> { TypedValue = v1.Description });
            await record.ExecuteNonQueryAsync();
        }

        var statements = new List<string>
        {
            "INSERT INTO dim_product (natural_key, product_id, product_name) SELECT g::text, g::text, 'Glamira Ring ' || g FROM generate_series(1, 5000) g",
            "INSERT INTO dim_store (natural_key, store_id, domain, country_code) SELECT g::text, g::text, 'glamira.s' || g, 'C' || (g % 80) FROM generate_series(1, 80) g",
            "INSERT INTO dim_location (natural_key, country_code, country_name, city) SELECT g::text, 'C' || (g % 80), 'Country ' || (g % 80), 'City ' || g FROM generate_series(1, 2000) g",
            "INSERT INTO dim_user_agent (natural_key, browser, os, device_family, device_type, is_bot) SELECT g::text, 'Browser' || (g % 12), 'Os' || (g % 6), 'Other', 'desktop', g % 50 = 0 FROM generate_series(1, 300) g",
            "INSERT INTO dim_referrer (natural_key, host, medium) SELECT g::text, CASE WHEN g = 61 THEN '(direct)' ELSE 'ref' || g || '.example' END, CASE WHEN g = 61 THEN 'direct' WHEN g % 10 = 0 THEN 'internal' ELSE 'search' END FROM generate_series(1, 61) g",
        };
        for (var d = 0; d < Days; d++)
        {
            statements.Add(PostgresSql.CreatePartition(FirstDay.AddDays(d)));
        }

        // Events evenly over 30 days; products, places and collections skewed like a shop's traffic. Seeded, and event keys
        // derived from the row number, so two fills of one size hold the same rows (setseed holds for the rest of the
        // command's connection: one command, two statements).
        statements.Add(Visits ? VisitFacts(facts) : SpreadFacts(facts));
        // In primary key order (the index is appended to: about twice as fast as a hash aggregate's order). V001's
        // rollup_location_store_hourly stays empty: V002 drops it unread (rollup_country_store_hourly is back-filled from
        // the facts), and filling it took a tenth of a 2M fill.
        statements.Add("INSERT INTO rollup_product_hourly SELECT date_trunc('hour', event_ts), collection, is_bot, product_key, count(*) FROM fact_events GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
        statements.Add("INSERT INTO rollup_referrer_hourly SELECT date_trunc('hour', event_ts), collection, is_bot, referrer_key, count(*) FROM fact_events GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4");
        statements.Add("INSERT INTO rollup_browser_os_hourly SELECT date_trunc('hour', f.event_ts), f.collection, f.is_bot, u.browser, u.os, count(*) FROM fact_events f JOIN dim_user_agent u USING (user_agent_key) GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5");
        statements.Add("INSERT INTO rollup_collection_hourly SELECT date_trunc('hour', event_ts), collection, is_bot, count(*) FROM fact_events GROUP BY 1, 2, 3 ORDER BY 1, 2, 3");

        // The fill's aggregates and sorts (here and in the migration's back-fills: 10^7 rows at 10M facts) in memory
        // rather than spilled at the server's work_mem; reset before anything is measured.
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database;
        statements.Add($"ALTER DATABASE {database} SET work_mem = '1GB'");
        statements.Add($"ALTER DATABASE {database} SET maintenance_work_mem = '1GB'");
        await ExecuteAsync(data, statements);

        var migrate = Stopwatch.StartNew();
        await using (var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse(connectionString), new WarehouseOptions(), null, CancellationToken.None))
        {
            await warehouse.MigrateAsync(CancellationToken.None);
        }

        Console.WriteLine($"  {migrate.Elapsed.TotalSeconds,6:0.0} s  migrate to schema version {WarehouseFactory.SchemaVersion} (back-fills the report rollups, sessions, the session rollup and funnel progress)");
        await ExecuteAsync(data, [$"ALTER DATABASE {database} RESET work_mem", $"ALTER DATABASE {database} RESET maintenance_work_mem"]);

        // Steady state of a live warehouse: autovacuum has set the rollups' visibility maps (index-only scans) and analyzed
        // them. ANALYZE first: an autoanalyze of the fresh fact partitions still running holds back the xmin horizon, and
        // VACUUM then cannot mark the rollups' pages all-visible.
        await ExecuteAsync(data,
        [
            "ANALYZE",
            "VACUUM ANALYZE rollup_product_hourly", "VACUUM ANALYZE rollup_country_store_hourly", "VACUUM ANALYZE rollup_referrer_hourly",
            "VACUUM ANALYZE rollup_browser_os_hourly", "VACUUM ANALYZE rollup_collection_hourly", "VACUUM ANALYZE rollup_product_daily",
            "VACUUM ANALYZE rollup_country_store_daily", "VACUUM ANALYZE rollup_collection_daily", "VACUUM ANALYZE kpi_devices_daily",
            "VACUUM ANALYZE fact_sessions", "VACUUM ANALYZE session_rollup", "VACUUM ANALYZE funnel_progress",
        ]);
        await using var visible = data.CreateCommand(
            "SELECT string_agg(relname || ' ' || relallvisible || '/' || relpages, ', ' ORDER BY relname) FROM pg_class " +
            "WHERE relname IN ('rollup_product_daily', 'rollup_country_store_daily', 'kpi_devices_daily', 'rollup_product_hourly')");
        Console.WriteLine($"  all-visible pages: {await visible.ExecuteScalarAsync()}");
    }

    private static async Task ExecuteAsync(NpgsqlDataSource data, IEnumerable<string> statements)
    {
        foreach (var sql in statements)
        {
            var step = Stopwatch.StartNew();
            await using var command = data.CreateCommand(sql);
            await command.ExecuteNonQueryAsync();
            if (step.Elapsed.TotalSeconds > 5)
            {
                Console.WriteLine($"  {step.Elapsed.TotalSeconds,6:0.0} s  {sql.Trim().Split('\n')[0][..Math.Min(70, sql.Trim().Split('\n')[0].Length)]}");
            }
        }
    }
}
