using System.CommandLine;
using Facet.Storage;
using Facet.Storage.Reports;
using Spectre.Console;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet report NAME</c>: one of the six reports (docs/reports.md) from a warehouse, as a table, JSON (an array
/// of objects with snake_case fields) or CSV.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(TextWriter output)
    {
        var name = new Argument<string>("name") { Description = $"The report: {string.Join(", ", ReportCatalog.Names)}." };
        var warehouse = ReportCommand.WarehouseOption();
        var date = new Option<string>("--date") { Description = "Day to report: today, latest (the most recent day with views) or YYYY-MM-DD.", DefaultValueFactory = _ => "latest" };
        var country = new Option<string?>("--country") { Description = "ISO 3166 alpha-2 country of the shoppers (store-views)." };
        var product = new Option<string?>("--product") { Description = "Product id (hourly-product-views)." };
        var tz = new Option<string>("--tz") { Description = "IANA time zone in which days and hours are counted.", DefaultValueFactory = _ => "UTC" };
        var limit = new Option<int?>("--limit") { Description = "Rows of a ranking (default 10 products, 10 countries, 5 referrers; all stores)." };
        var includeBots = new Option<bool>("--include-bots") { Description = "Count views from bots and crawlers too." };
        var includeInternal = new Option<bool>("--include-internal") { Description = "top-referrers: keep the shop's own hosts (internal navigation) beside the external sources." };
        var format = new Option<string>("--format") { Description = "Output: table, json or csv.", DefaultValueFactory = _ => "table" };
        var by = new Option<string>("--by") { Description = "top-countries by the shopper's IP country (ip) or the store domain's country (store).", DefaultValueFactory = _ => "ip" };
        var views = new Option<string[]>("--views") { Description = "Collections that count as a view (repeatable).", DefaultValueFactory = _ => [ReportOptions.DefaultViewCollection] };

        var command = new Command("report", "Print one of the six reports from a warehouse: " + string.Join(", ", ReportCatalog.Names) + ".")
        {
            name, warehouse, date, country, product, tz, limit, includeBots, includeInternal, format, by, views,
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

            var countryBy = (parse.GetValue(by) ?? "ip").ToLowerInvariant() switch
            {
                "ip" => CountrySource.Ip,
                "store" => CountrySource.Store,
                var other => throw new UsageException($"--by must be ip or store (got '{other}')"),
            };
            if (!ReportDate.TryParse(parse.GetValue(date), out var reportDate, out var dateError))
            {
                throw new UsageException("--" + dateError);
            }

            var countryValue = parse.GetValue(country);
            var productValue = parse.GetValue(product);
            if (countryValue is not null && kind != ReportKind.StoreViews)
            {
                throw new UsageException($"--country applies to store-views only ({ReportCatalog.NameOf(kind)} covers every country)");
            }

            if (productValue is not null && kind != ReportKind.HourlyProductViews)
            {
                throw new UsageException($"--product applies to hourly-product-views only ({ReportCatalog.NameOf(kind)} covers every product)");
            }

            var options = new ReportOptions
            {
                Date = reportDate,
                TimeZone = parse.GetValue(tz) ?? "UTC",
                Country = countryValue,
                Product = productValue,
                Limit = parse.GetValue(limit),
                IncludeBots = parse.GetValue(includeBots),
                IncludeInternal = parse.GetValue(includeInternal),
                ViewCollections = parse.GetValue(views) ?? [ReportOptions.DefaultViewCollection],
                CountryBy = countryBy,
            };

            var location = ParseWarehouse(parse.GetValue(warehouse));
            ReportResult result;
            try
            {
                await using var reports = ReportService.Open(location);
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

    /// <summary>--warehouse, defaulting to FACET_WAREHOUSE (the place for a password).</summary>
    internal static Option<string?> WarehouseOption() => new("--warehouse")
    {
        Description = "Warehouse to read: duckdb:PATH, postgres://user:pass@host:port/db or Host=…;Database=… (default: FACET_WAREHOUSE; prefer it for passwords).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("FACET_WAREHOUSE") is { Length: > 0 } value ? value : null,
    };

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
        var day = result.Day?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "no views yet";
        var table = new Table { Border = TableBorder.Rounded, Title = new TableTitle($"{result.Name} · {day} ({result.TimeZone})") };
        foreach (var column in result.Columns)
        {
            var tableColumn = new TableColumn(Markup.Escape(column));
            if (column is "rank" or "views" or "hour")
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
