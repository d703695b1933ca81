using System.Text.Json;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class ReportCommandTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IDisposable
{
    private static readonly DateOnly Day = new(2024, 5, 4);
    private readonly TempDirectory _directory = new();

    private string DuckDbPath => _directory.File("cli.duckdb");

    private static async Task<List<Core.Enrichment.EnrichedEvent>> FillAsync(WarehouseLocation location)
    {
        var scenario = new ReportScenario(seed: 5);
        var events = scenario.Generate(1500, new DateTimeOffset(2024, 5, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 5, 5, 0, 0, 0, TimeSpan.Zero));
        await using var warehouse = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None);
        await warehouse.MigrateAsync(CancellationToken.None);
        await ReportScenario.WriteAsync(warehouse, events);
        return events;
    }

    [Fact]
    public async Task Json_output_is_an_array_of_snake_case_objects_equal_to_the_report_on_duckdb_and_postgres()
    {
        foreach (var warehouse in new[] { "duckdb:" + DuckDbPath, database.ConnectionString })
        {
            var location = WarehouseLocation.Parse(warehouse);
            await FillAsync(location);
            var (code, output, error) = await FacetProcess.RunAsync(["report", "top-referrers", "--warehouse", warehouse, "--format", "json"], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, error);
            await using var reports = ReportService.Open(location);
            var expected = await reports.RunAsync(ReportKind.TopReferrers, new ReportOptions());
            Assert.Equal(Day, expected.Day);
            using var json = JsonDocument.Parse(output);
            var rows = json.RootElement.EnumerateArray().ToList();
            Assert.Equal(5, rows.Count);
            for (var i = 0; i < rows.Count; i++)
            {
                var row = (TopReferrerRow)expected.Rows[i];
                Assert.Equal(["rank", "referrer", "medium", "views"], rows[i].EnumerateObject().Select(p => p.Name));
                Assert.Equal(row.Referrer, rows[i].GetProperty("referrer").GetString());
                Assert.Equal(row.Medium, rows[i].GetProperty("medium").GetString());
                Assert.Equal(row.Views, rows[i].GetProperty("views").GetInt64());
            }
        }
    }

    [Fact]
    public async Task Csv_and_table_outputs_show_the_same_rows()
    {
        await FillAsync(WarehouseLocation.Parse("duckdb:" + DuckDbPath));
        await using var reports = ReportService.ForDuckDb(DuckDbPath);
        var expected = await reports.RunAsync(ReportKind.HourlyProductViews, new ReportOptions { Product = "1000", TimeZone = "Europe/Berlin", Date = ReportDate.On(Day) });
        await reports.DisposeAsync();

        var (code, csv, error) = await FacetProcess.RunAsync(["report", "hourly-product-views", "--product", "1000", "--tz", "Europe/Berlin", "--date", "2024-05-04", "--format", "csv", "--warehouse", "duckdb:" + DuckDbPath], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, error);
        var lines = csv.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("hour,views", lines[0]);
        Assert.Equal(expected.Rows.Select(r => string.Join(',', r.Values.Select(ReportWriter.Format))), lines[1..]);

        (code, var table, error) = await FacetProcess.RunAsync(["report", "store-views", "--country", "DE", "--date", "2024-05-04", "--warehouse", "duckdb:" + DuckDbPath], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, error);
        Assert.Contains("store-views · 2024-05-04 (UTC)", table, StringComparison.Ordinal);
        Assert.Contains("glamira.de", table, StringComparison.Ordinal);
        Assert.Contains("IP Geolocation by DB-IP", table, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "report", "top-products" }, "facet: --warehouse is required (or set FACET_WAREHOUSE): duckdb:PATH, postgres://user:pass@host:port/db or Host=…")]
    [InlineData(new[] { "report", "store-views", "--warehouse", "duckdb:x.duckdb" }, "facet: store-views needs --country CC (an ISO 3166 alpha-2 code, e.g. --country DE)")]
    [InlineData(new[] { "report", "top-sellers", "--warehouse", "duckdb:x.duckdb" }, "facet: unknown report 'top-sellers': use one of top-products, top-countries, top-referrers, store-views, hourly-product-views, hourly-browser-os, revenue, top-products-by-revenue, conversion, funnel, sessions, orders, top-products-by-units, top-categories, payment-methods, promos, customer-demographics, new-vs-returning, traffic-sources, session-events, device-types, view-duration, ratings, log-errors")]
    [InlineData(new[] { "report", "top-products", "--date", "yesterday", "--warehouse", "duckdb:x.duckdb" }, "facet: --date must be today, latest or YYYY-MM-DD (got 'yesterday')")]
    [InlineData(new[] { "report", "top-products", "--format", "xml", "--warehouse", "duckdb:x.duckdb" }, "facet: --format must be table, json or csv (got 'xml')")]
    [InlineData(new[] { "report", "top-products", "--country", "DE", "--warehouse", "duckdb:x.duckdb" }, "facet: --country applies to store-views and the commerce reports (top-products covers every country)")]
    [InlineData(new[] { "report", "orders", "--date", "2024-05-04", "--from", "2024-05-01", "--to", "2024-05-02", "--warehouse", "duckdb:x.duckdb" }, "facet: use --date or --from/--to, not both (got --date 2024-05-04)")]
    [InlineData(new[] { "report", "orders", "--from", "2024-05-01", "--warehouse", "duckdb:x.duckdb" }, "facet: a range needs both --from and --to (YYYY-MM-DD; the end is exclusive, e.g. --from 2024-11-01 --to 2024-11-08 for seven days)")]
    [InlineData(new[] { "report", "top-products", "--from", "2024-05-04", "--to", "2024-05-06", "--warehouse", "duckdb:x.duckdb" }, "facet: top-products covers one day: use --date (--from/--to apply to revenue, top-products-by-revenue, conversion, funnel and the commerce reports)")]
    [InlineData(new[] { "report", "orders", "--source", "commerce", "--warehouse", "duckdb:x.duckdb" }, "facet: --source applies to revenue and top-products-by-revenue (not orders)")]
    [InlineData(new[] { "report", "top-categories", "--category", "Shoes", "--warehouse", "duckdb:x.duckdb" }, "facet: --category applies to revenue and top-products-by-revenue with --source commerce, top-products-by-units, view-duration and ratings (not top-categories)")]
    [InlineData(new[] { "report", "log-errors", "--by", "store", "--warehouse", "duckdb:x.duckdb" }, "facet: --by for log-errors must be hour or day (got 'store')")]
    [InlineData(new[] { "report", "payment-methods", "--by", "day", "--warehouse", "duckdb:x.duckdb" }, "facet: payment-methods has no --by (it is not split in time)")]
    [InlineData(new[] { "report", "revenue", "--source", "commerce", "--fx", "rates.csv", "--warehouse", "duckdb:x.duckdb" }, "facet: --fx, --funnels, --mode and --window apply to the clickstream reports (not revenue --source commerce)")]
    [InlineData(new[] { "report", "top-products", "--tz", "Mars/Olympus", "--warehouse", "duckdb:x.duckdb" }, "facet: unknown time zone 'Mars/Olympus': use an IANA name such as UTC, Europe/Berlin or America/Santiago")]
    public async Task Usage_errors_exit_2_with_one_line(string[] arguments, string message)
    {
        if (arguments.Contains("duckdb:x.duckdb"))
        {
            await FillAsync(WarehouseLocation.Parse("duckdb:" + DuckDbPath));
            arguments = arguments.Select(a => a == "duckdb:x.duckdb" ? "duckdb:" + DuckDbPath : a).ToArray();
        }

        var (code, _, error) = await FacetProcess.RunAsync(arguments, TimeSpan.FromSeconds(60));
        Assert.Equal(2, code);
        Assert.Equal(message, error.Trim());
    }

    [Fact]
    public async Task Commerce_reports_with_a_range_and_filters_print_what_the_report_service_computes()
    {
        var location = WarehouseLocation.Parse("duckdb:" + DuckDbPath);
        var start = new DateTimeOffset(2024, 5, 4, 0, 0, 0, TimeSpan.Zero);
        var generator = new Facet.Simulation.Commerce.CommerceGenerator(new() { Seed = 4, Start = start, Customers = 80, Products = 30, SessionsPerHour = 20 });
        var messages = new List<Facet.Simulation.Commerce.CommerceItem>();
        while (generator.Clock < start.AddDays(2))
        {
            messages.Add(generator.Next());
        }

        await using (var warehouse = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None))
        {
            await warehouse.MigrateAsync(CancellationToken.None);
            Facet.Storage.Streams.StreamRows Rows<T>(string topic)
                where T : class => warehouse.Writer<T>(topic).Prepare([.. messages.Where(m => m.Topic == topic).Select(m => (T)m.Record)]);
            await warehouse.WriteBatchAsync(new WarehouseBatch(
                [Rows<Core.Commerce.Customer>("customers"), Rows<Core.Commerce.Product>("products"), Rows<Core.Commerce.Order>("transactions"),
                 Rows<Core.Commerce.ProductView>("product_views"), Rows<Core.Commerce.UserInteraction>("user_interactions"),
                 Rows<Core.Commerce.ClickEvent>("click_stream"), Rows<Core.Commerce.SystemLogEntry>("system_logs")], [], []), CancellationToken.None);
        }

        var cases = new (string[] Arguments, ReportKind Kind, ReportOptions Options)[]
        {
            (["revenue", "--source", "commerce", "--from", "2024-05-04", "--to", "2024-05-06", "--tz", "Asia/Jakarta"], ReportKind.Revenue,
                new ReportOptions { Date = ReportDate.On(Day), Until = Day.AddDays(2), TimeZone = "Asia/Jakarta", Source = SalesSource.Commerce }),
            (["top-products-by-units", "--date", "2024-05-05", "--category", "apparel", "--country", "ID", "--limit", "3"], ReportKind.TopProductsByUnits,
                new ReportOptions { Date = ReportDate.On(Day.AddDays(1)), Category = "apparel", Country = "ID", Limit = 3 }),
            (["orders", "--date", "2024-05-04", "--by", "day"], ReportKind.Orders,
                new ReportOptions { Date = ReportDate.On(Day), Breakdown = Storage.Reports.Commerce.CommerceBreakdown.Day }),
            (["top-categories", "--by-units", "--date", "2024-05-05"], ReportKind.TopCategories, new ReportOptions { Date = ReportDate.On(Day.AddDays(1)), ByUnits = true }),
            // latest: the day of the newest commerce event (the world's last session, just past its second day).
            (["session-events", "--tz", "Asia/Jakarta"], ReportKind.SessionEvents, new ReportOptions { TimeZone = "Asia/Jakarta" }),
        };
        await using var reports = ReportService.Open(location);
        foreach (var (arguments, kind, options) in cases)
        {
            var expected = await reports.RunAsync(kind, options);
            Assert.True(expected.Rows.Count > 0, $"{string.Join(' ', arguments)}: no rows (day {expected.Day})");
            var (code, json, error) = await FacetProcess.RunAsync(["report", .. arguments, "--format", "json", "--warehouse", "duckdb:" + DuckDbPath], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, error);
            Assert.Equal(ReportWriter.ToJson(expected, indented: true).Trim(), json.Trim());
        }
    }

    [Fact]
    public async Task Funnel_revenue_and_referrer_flags_print_what_the_report_service_computes()
    {
        var location = WarehouseLocation.Parse("duckdb:" + DuckDbPath);
        var scenario = new CommerceScenario(seed: 3);
        scenario.Generate(600, new DateTimeOffset(2024, 5, 4, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 5, 4, 20, 0, 0, TimeSpan.Zero));
        await using (var warehouse = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None))
        {
            await warehouse.MigrateAsync(CancellationToken.None);
            await ReportScenario.WriteAsync(warehouse, scenario.Events);
        }

        var funnels = _directory.File("funnels.json");
        await File.WriteAllTextAsync(funnels, """{"funnels":[{"name":"cart","window":"20m","mode":"any","steps":[{"collection":"add_to_cart_action"},{"collection":"checkout_success"}]}]}""");
        var rates = _directory.File("rates.csv");
        await File.WriteAllLinesAsync(rates, ["date,currency,rate_to_base,base", "2024-05-01,GBP,1.17,EUR", "2024-05-01,CLP,0.001,EUR", "2024-05-01,$,0.93,EUR", "2024-05-01,SEK,0.087,EUR", "2024-05-01,DKK,0.134,EUR"]);
        var day = ReportDate.On(Day);
        ReportResult funnel, revenue, referrers;
        await using (var reports = ReportService.Open(location))
        {
            var cart = Storage.Reports.Commerce.FunnelCatalog.Load(funnels).Find("cart");
            funnel = await reports.RunAsync(ReportKind.Funnel, new ReportOptions { Date = day, Funnel = cart, Breakdown = Storage.Reports.Commerce.CommerceBreakdown.Device });
            revenue = await reports.RunAsync(ReportKind.Revenue, new ReportOptions { Date = day, Breakdown = Storage.Reports.Commerce.CommerceBreakdown.Store, Fx = Storage.Reports.Commerce.FxRates.Load(rates) });
            referrers = await reports.RunAsync(ReportKind.TopReferrers, new ReportOptions { Date = day, IncludeInternal = true, Limit = 20 });
        }

        Assert.Contains(referrers.Rows.Cast<TopReferrerRow>(), r => r.IsInternal);
        foreach (var (arguments, expected) in new (string[], ReportResult)[]
        {
            (["report", "funnel", "cart", "--funnels", funnels, "--by", "device"], funnel),
            (["report", "revenue", "--by", "store", "--fx", rates], revenue),
            (["report", "top-referrers", "--include-internal", "--limit", "20"], referrers),
        })
        {
            var (code, csv, error) = await FacetProcess.RunAsync([.. arguments, "--date", "2024-05-04", "--format", "csv", "--warehouse", "duckdb:" + DuckDbPath], TimeSpan.FromSeconds(60));
            Assert.True(code == 0, error);
            var lines = csv.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(string.Join(',', expected.Columns), lines[0]);
            Assert.True(expected.Rows.Count > 0, string.Join(' ', arguments));
            Assert.Equal(expected.Rows.Select(r => string.Join(',', r.Values.Select(v => Csv(ReportWriter.Format(v))))), lines[1..]);
        }

        var (badCode, _, badError) = await FacetProcess.RunAsync(["report", "funnel", "nope", "--funnels", funnels, "--warehouse", "duckdb:" + DuckDbPath], TimeSpan.FromSeconds(60));
        Assert.Equal(2, badCode);
        Assert.Equal("facet: unknown funnel 'nope': use one of cart, shop or define it in a --funnels file", badError.Trim());
    }

    private static string Csv(string text) => text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : text;

    [Fact]
    public async Task A_duckdb_file_another_process_writes_fails_with_one_line_naming_the_fix()
    {
        var location = WarehouseLocation.Parse("duckdb:" + DuckDbPath);
        await using var writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None);
        await writer.MigrateAsync(CancellationToken.None);
        var (code, _, error) = await FacetProcess.RunAsync(["report", "top-products", "--warehouse", "duckdb:" + DuckDbPath], TimeSpan.FromSeconds(60));
        Assert.Equal(1, code);
        var line = Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"facet: the DuckDB warehouse '{DuckDbPath}' is locked by another process that writes it", line, StringComparison.Ordinal);
        Assert.EndsWith("run the dashboard inside that process (facet demo) or use a PostgreSQL warehouse", line, StringComparison.Ordinal);
    }

    public void Dispose() => _directory.Dispose();

    // Issue 23: a new embedded warehouse just works, whichever command opens it first.
    [Fact]
    public async Task Report_on_a_duckdb_file_that_does_not_exist_yet_creates_it_and_prints_an_empty_report()
    {
        var path = _directory.File("new.duckdb");
        var (code, output, error) = await FacetProcess.RunAsync(["report", "top-products", "--warehouse", "duckdb:" + path, "--format", "json"], TimeSpan.FromSeconds(60));

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(0, json.RootElement.GetArrayLength());
        Assert.Equal(WarehouseFactory.SchemaVersion, await WarehouseProbe.DuckDb(path).ScalarAsync("SELECT max(version) FROM schema_version"));
    }

    [Fact]
    public async Task Report_on_an_empty_postgres_database_is_not_migrated()
    {
        var empty = new PostgresDatabase();
        await empty.InitializeAsync();
        try
        {
            var (code, _, error) = await FacetProcess.RunAsync(["report", "top-products", "--warehouse", empty.ConnectionString], TimeSpan.FromSeconds(60));

            Assert.Equal(1, code);
            Assert.StartsWith("facet: ", error, StringComparison.Ordinal);
            Assert.Equal(0, await WarehouseProbe.Postgres(empty.ConnectionString).ScalarAsync("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"));
        }
        finally
        {
            await empty.DisposeAsync();
        }
    }
}
