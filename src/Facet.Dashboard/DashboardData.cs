using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;

namespace Facet.Dashboard;

/// <summary>Runs reports for the API (timed into <see cref="DashboardMetrics"/>) and builds the live snapshot the page renders.</summary>
internal sealed class DashboardData(ReportService reports, DashboardMetrics metrics)
{
    /// <summary>How many countries the map and the country picker get (top-countries itself keeps its limit).</summary>
    private const int MapCountries = 300;

    public ReportService Reports => reports;

    public async Task<ReportResult> RunAsync(ReportKind kind, ReportOptions options, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var result = await reports.RunAsync(kind, options, cancellationToken);
        metrics.Query(ReportCatalog.NameOf(kind), clock.Elapsed);
        return result;
    }

    /// <summary>
    /// Everything the page shows, for one selection: KPIs, pipeline, the six view reports (store views for the chosen or
    /// top country, hourly views for the chosen or top product), the full country list for the map and picker, and
    /// the commerce panels: revenue per currency for the day and per hour, overall conversion, and the selection's
    /// funnel (funnel=, funnel_by=).
    /// </summary>
    public async Task<string> SnapshotJsonAsync(ReportOptions selection, CancellationToken cancellationToken)
    {
        var all = selection with { Country = null, Product = null, Limit = null };
        var countries = await RunAsync(ReportKind.TopCountries, all with { Limit = MapCountries }, cancellationToken);
        var day = countries.Day;
        var fixedDay = day is { } d ? all with { Date = ReportDate.On(d) } : all;
        var products = await RunAsync(ReportKind.TopProducts, fixedDay, cancellationToken);
        var referrers = await RunAsync(ReportKind.TopReferrers, fixedDay, cancellationToken);
        var browsers = await RunAsync(ReportKind.HourlyBrowserOs, fixedDay, cancellationToken);
        var country = selection.Country ?? (countries.Rows.Count > 0 ? ((TopCountryRow)countries.Rows[0]).CountryCode : null);
        var product = selection.Product ?? (products.Rows.Count > 0 ? ((TopProductRow)products.Rows[0]).ProductId : null);
        ReportResult? stores = country is null ? null : await RunAsync(ReportKind.StoreViews, fixedDay with { Country = country }, cancellationToken);
        ReportResult? hourly = product is null ? null : await RunAsync(ReportKind.HourlyProductViews, fixedDay with { Product = product }, cancellationToken);
        var kpis = await reports.GetKpisAsync(fixedDay, cancellationToken);
        var revenue = await RunAsync(ReportKind.Revenue, fixedDay with { Breakdown = CommerceBreakdown.None }, cancellationToken);
        var revenueHourly = await RunAsync(ReportKind.Revenue, fixedDay with { Breakdown = CommerceBreakdown.Hour }, cancellationToken);
        var conversion = await RunAsync(ReportKind.Conversion, fixedDay with { Breakdown = CommerceBreakdown.None }, cancellationToken);
        var funnel = await RunAsync(ReportKind.Funnel, fixedDay, cancellationToken);
        var pipeline = await reports.GetPipelineAsync(cancellationToken);

        var topCountries = countries with { Rows = countries.Rows.Take(ReportCatalog.DefaultLimitOf(ReportKind.TopCountries) ?? 10).ToList() };
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("at", pipeline.At);
            WriteDay(json, "date", day);
            json.WriteString("tz", countries.TimeZone);
            json.WriteBoolean("include_bots", selection.IncludeBots);
            WriteNullable(json, "country", country);
            WriteNullable(json, "country_name", country is null ? null : CountryNames.Of(country));
            WriteNullable(json, "product", product);
            json.WriteString("funnel", funnel.Detail);
            json.WriteString("funnel_by", funnel.Columns[0]);
            WriteNullable(json, "fx_base", selection.Fx?.BaseCurrency);
            json.WritePropertyName("kpis");
            JsonSerializer.Serialize(json, kpis, DashboardJsonContext.Default.KpiSnapshot);
            json.WritePropertyName("pipeline");
            JsonSerializer.Serialize(json, pipeline, DashboardJsonContext.Default.PipelineStatus);
            json.WriteStartObject("reports");
            WriteRows(json, "top-products", products);
            WriteRows(json, "top-countries", topCountries);
            WriteRows(json, "countries", countries);
            WriteRows(json, "top-referrers", referrers);
            WriteRows(json, "store-views", stores);
            WriteRows(json, "hourly-product-views", hourly);
            WriteRows(json, "hourly-browser-os", browsers);
            WriteRows(json, "revenue", revenue);
            WriteRows(json, "revenue-hourly", revenueHourly);
            WriteRows(json, "conversion", conversion);
            WriteRows(json, "funnel", funnel);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>One report as the API's JSON body: the resolved day and zone, the source, the columns and the rows.</summary>
    public static string ResultJson(ReportResult result)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("report", result.Name);
            WriteDay(json, "date", result.Day);
            json.WriteString("tz", result.TimeZone);
            json.WriteString("source", result.Source.ToString().ToLowerInvariant());
            if (result.Detail is not null)
            {
                json.WriteString("detail", result.Detail);
            }

            json.WriteStartArray("columns");
            foreach (var column in result.Columns)
            {
                json.WriteStringValue(column);
            }

            json.WriteEndArray();
            json.WritePropertyName("rows");
            ReportWriter.WriteJsonRows(json, result);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteRows(Utf8JsonWriter json, string name, ReportResult? result)
    {
        json.WritePropertyName(name);
        if (result is null)
        {
            json.WriteStartArray();
            json.WriteEndArray();
        }
        else
        {
            ReportWriter.WriteJsonRows(json, result);
        }
    }

    private static void WriteDay(Utf8JsonWriter json, string name, DateOnly? day) =>
        WriteNullable(json, name, day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }
}
