using System.CommandLine;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Shop;
using Spectre.Console;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet report NAME [FUNNEL]</c>: one of the reports (docs/reports.md) from a warehouse, as a table, JSON (an array
/// of objects with snake_case fields) or CSV.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var name = new Argument<string>("name") { Description = $"The report: {string.Join(", ", ReportCatalog.Names)}." };
        var funnelName = new Argument<string?>("funnel") { Description = "funnel: the funnel's name (default shop; others from --funnels FILE).", Arity = ArgumentArity.ZeroOrOne };
        var warehouse = ReportCommand.WarehouseOption();
        var date = new Option<string?>("--date") { Description = "Day to report: today, latest (the most recent day with views; for the commerce reports, with commerce activity) or YYYY-MM-DD." };
        var from = new Option<string?>("--from") { Description = "First day of a range (YYYY-MM-DD), with --to: revenue, top-products-by-revenue, conversion, funnel and the commerce reports." };
        var to = new Option<string?>("--to") { Description = "End of a range (YYYY-MM-DD, exclusive: --from 2024-11-01 --to 2024-11-08 is seven days)." };
        var country = new Option<string?>("--country") { Description = "ISO 3166 alpha-2 country of the shoppers (store-views); for the commerce reports the customer's home country (code or name)." };
        var source = new Option<string?>("--source") { Description = "revenue, top-products-by-revenue: clickstream (default: checkout_success events) or commerce (the orders of the transactions stream)." };
        var category = new Option<string?>("--category") { Description = "Product category (commerce revenue and top-products-by-revenue, top-products-by-units, view-duration, ratings)." };
        var byUnits = new Option<bool>("--by-units") { Description = "top-categories: rank by units instead of revenue." };
        var product = new Option<string?>("--product") { Description = "Product id (hourly-product-views)." };
        var tz = new Option<string>("--tz") { Description = "IANA time zone in which days and hours are counted.", DefaultValueFactory = _ => "UTC" };
        var limit = new Option<int?>("--limit") { Description = "Rows of a ranking (default 10 products, 10 countries, 5 referrers; all stores)." };
        var includeBots = new Option<bool>("--include-bots") { Description = "Count views from bots and crawlers too." };
        var includeInternal = new Option<bool>("--include-internal") { Description = "top-referrers: keep the shop's own hosts (internal navigation) beside the external sources." };
        var format = new Option<string>("--format") { Description = "Output: table, json or csv.", DefaultValueFactory = _ => "table" };
        var by = new Option<string?>("--by")
        {
            Description = "top-countries: ip (default) or store. revenue: hour (default), day, all, store, country, medium, campaign, device, browser. conversion, funnel: all (default), store, country, medium, campaign, device, browser.",
        };
        var fx = new Option<string?>("--fx") { Description = "revenue, top-products-by-revenue: a rate table (CSV date,currency,rate_to_base,base); amounts are then converted to the base and summed across currencies." };
        var funnels = new Option<string?>("--funnels") { Description = "funnel: a JSON file of funnel definitions (docs/reports.md)." };
        var mode = new Option<string?>("--mode") { Description = "funnel: strict (steps in order) or any (any order); default: the funnel's." };
        var window = new Option<string?>("--window") { Description = "funnel: the conversion window (90s, 30m, 2h, 1d); default: the funnel's (shop: 1h)." };
        var views = new Option<string[]>("--views") { Description = "Collections that count as a view (repeatable).", DefaultValueFactory = _ => [ReportOptions.DefaultViewCollection] };

        var command = new Command("report", "Print a report from a warehouse: " + string.Join(", ", ReportCatalog.Names) + ".")
        {
            name, funnelName, warehouse, date, from, to, country, product, tz, limit, includeBots, includeInternal, format, by, views, fx, funnels, mode, window,
            source, category, byUnits,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var reportName = parse.GetValue(name)!;
            if (!ReportCatalog.TryParse(reportName, out var kind))
            {
                throw new UsageException($"unknown report '{reportName}': use one of {string.Join(", ", ReportCatalog.Names)}");
            }

            var outputFormat = (parse.GetValue(format) ?? "table").ToLowerInvariant();
            if (outputFormat is not ("table" or "json" or "csv"))
            {
                throw new UsageException($"--format must be table, json or csv (got '{parse.GetValue(format)}')");
            }

            SalesSource salesSource;
            try
            {
                salesSource = ShopFlags.ParseSource(kind, parse.GetValue(source));
            }
            catch (ReportOptionsException ex)
            {
                throw new UsageException(ex.Message);
            }

            var shop = ShopFlags.IsShop(kind, salesSource);
            var commerce = shop || ReportCatalog.IsClickstreamCommerce(kind);
            var countryBy = commerce ? CountrySource.Ip : (parse.GetValue(by) ?? "ip").ToLowerInvariant() switch
            {
                "ip" => CountrySource.Ip,
                "store" => CountrySource.Store,
                var other => throw new UsageException($"--by must be ip or store (got '{other}')"),
            };
            if (!commerce && parse.GetValue(by) is not null && kind != ReportKind.TopCountries)
            {
                throw new UsageException($"--by applies to top-countries, revenue, top-products-by-revenue, conversion and funnel ({ReportCatalog.NameOf(kind)} has no breakdown)");
            }

            if (parse.GetValue(funnelName) is not null && kind != ReportKind.Funnel)
            {
                throw new UsageException($"a second name applies to the funnel report only (got '{parse.GetValue(funnelName)}' after {ReportCatalog.NameOf(kind)})");
            }
            var (reportDate, until) = ParsePeriod(parse.GetValue(date), parse.GetValue(from), parse.GetValue(to));

            var countryValue = parse.GetValue(country);
            var productValue = parse.GetValue(product);
            if (countryValue is not null && kind != ReportKind.StoreViews && !shop)
            {
                throw new UsageException($"--country applies to store-views and the commerce reports ({ReportCatalog.NameOf(kind)} covers every country)");
            }

            if (productValue is not null && kind != ReportKind.HourlyProductViews)
            {
                throw new UsageException($"--product applies to hourly-product-views only ({ReportCatalog.NameOf(kind)} covers every product)");
            }

            var options = new ReportOptions
            {
                Date = reportDate,
                Until = until,
                TimeZone = parse.GetValue(tz) ?? "UTC",
                Country = countryValue,
                Product = productValue,
                Limit = parse.GetValue(limit),
                IncludeBots = parse.GetValue(includeBots),
                IncludeInternal = parse.GetValue(includeInternal),
                ViewCollections = parse.GetValue(views) ?? [ReportOptions.DefaultViewCollection],
                CountryBy = countryBy,
            };
            try
            {
                if (shop)
                {
                    if (parse.GetValue(fx) is not null || parse.GetValue(funnels) is not null || parse.GetValue(mode) is not null || parse.GetValue(window) is not null)
                    {
                        throw new ReportOptionsException($"--fx, --funnels, --mode and --window apply to the clickstream reports (not {ReportCatalog.NameOf(kind)}{(kind <= ReportKind.Funnel ? " --source commerce" : "")})");
                    }

                    options = ShopFlags.Apply(options, kind, salesSource, parse.GetValue(by), parse.GetValue(category), parse.GetValue(byUnits));
                }
                else
                {
                    ShopFlags.Validate(kind, options with { Category = parse.GetValue(category), ByUnits = parse.GetValue(byUnits) });
                    options = CommerceCliOptions.Apply(options, kind, parse.GetValue(by), parse.GetValue(fx), parse.GetValue(funnels), parse.GetValue(funnelName), parse.GetValue(mode), parse.GetValue(window));
                }
            }
            catch (ReportOptionsException ex)
            {
                throw new UsageException(ex.Message);
            }

            var location = ParseWarehouse(parse.GetValue(warehouse));
            ReportResult result;
            try
            {
                await using var reports = await OpenReportsAsync(location, cancellationToken);
                result = await reports.RunAsync(kind, options, cancellationToken);
            }
            catch (ReportOptionsException ex)
            {
                throw new UsageException(ex.Message);
            }
            catch (ReportWarehouseException ex)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"facet: {ex.Message}");
                return ExitCodes.Failure;
            }

            switch (outputFormat)
            {
                case "json":
                    await output.WriteLineAsync(ReportWriter.ToJson(result, indented: true));
                    break;
                case "csv":
                    await ReportWriter.WriteCsvAsync(output, result, cancellationToken);
                    break;
                default:
                    WriteTable(output, result);
                    break;
            }

            await output.FlushAsync(cancellationToken);
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>--date D, or a range --from D --to D (end exclusive); one line naming the fix otherwise.</summary>
    internal static (ReportDate Date, DateOnly? Until) ParsePeriod(string? date, string? from, string? to)
    {
        try
        {
            return ReportPeriods.Parse(date, from, to);
        }
        catch (ReportOptionsException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    /// <summary>--warehouse, defaulting to FACET_WAREHOUSE (the place for a password).</summary>
    internal static Option<string?> WarehouseOption() => new("--warehouse")
    {
        Description = "Warehouse to read: duckdb:PATH, postgres://user:pass@host:port/db or Host=…;Database=… (default: FACET_WAREHOUSE; prefer it for passwords).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FACET_WAREHOUSE") is { Length: > 0 } value ? value : null,
    };

    /// <summary>Reports over <paramref name="location"/>, read-only; a new embedded warehouse is created first (issue 23).</summary>
    internal static async Task<ReportService> OpenReportsAsync(WarehouseLocation location, CancellationToken cancellationToken)
    {
        await WarehouseFactory.CreateIfNewAsync(location, null, cancellationToken);
        return ReportService.Open(location);
    }

    internal static WarehouseLocation ParseWarehouse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new UsageException("--warehouse is required (or set FACET_WAREHOUSE): duckdb:PATH, postgres://user:pass@host:port/db or Host=…");
        }

        try
        {
            return WarehouseLocation.Parse(value);
        }
        catch (FormatException ex)
        {
            throw new UsageException("--warehouse: " + ex.Message);
        }
    }

    private static void WriteTable(TextWriter output, ReportResult result)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 160;
        var day = result.Day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "no data yet";
        if (result.Until is { } end)
        {
            day += " to " + end.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) + " (exclusive)";
        }

        var detail = result.Detail is null ? "" : $" · {result.Detail}";
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle(Markup.Escape($"{result.Name} · {day} ({result.TimeZone}){detail}")) };
        foreach (var column in result.Columns)
        {
            var tableColumn = new TableColumn(Markup.Escape(column));
            if (column is "rank" or "views" or "hour" or "orders" or "successful" or "failed" or "pending" or "cancelled" or "failure_rate" or "discount_total"
                or "customers" or "sessions" or "events" or "sessions_with_order" or "avg_view_seconds" or "ratings" or "avg_rating" or "reviews"
                or "wishlist_additions" or "entries" or "errors" or "warnings" or "error_rate" or "units" or "revenue" or "aov" or "conversion_rate"
                or "step" or "entered" or "converted" or "drop_off" or "conversion_from_first" or "median_seconds_to_convert")
            {
                tableColumn.RightAligned();
            }

            table.AddColumn(tableColumn);
        }

        foreach (var row in result.Rows)
        {
            table.AddRow(row.Values.Select(v => (Spectre.Console.Rendering.IRenderable)new Text(ReportWriter.Format(v))).ToArray());
        }

        if (result.Kind is ReportKind.TopCountries or ReportKind.StoreViews)
        {
            // DB-IP Lite's licence (CC BY 4.0) asks for this credit wherever its results are shown.
            table.Caption = new TableTitle("IP Geolocation by DB-IP (https://db-ip.com)");
        }

        console.Write(table);
    }
}
