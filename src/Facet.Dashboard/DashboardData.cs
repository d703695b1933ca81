using System.Globalization;
using System.Text;
using System.Text.Json;
using Facet.Dashboard.Caching;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;

namespace Facet.Dashboard;

/// <summary>
/// Runs reports for the API and builds the live snapshot the page renders, all through the <see cref="ReportCache"/>:
/// one data version per request (read by a query that started after the request did), then cached answers for it.
/// </summary>
internal sealed class DashboardData(ReportCache cache)
{
    /// <summary>How many countries the map and the country picker get (top-countries itself keeps its limit).</summary>
    private const int MapCountries = 300;

    public ReportCache Cache => cache;

    /// <summary>The version for a request that began at <paramref name="notBefore"/> (a <see cref="TimeProvider"/> timestamp).</summary>
    public Task<DataVersion> VersionAsync(long notBefore, CancellationToken cancellationToken) => cache.VersionAsync(notBefore, cancellationToken);

    public async Task<ReportResult> RunAsync(ReportKind kind, ReportOptions options, long notBefore, CancellationToken cancellationToken) =>
        await cache.RunAsync(kind, options, await VersionAsync(notBefore, cancellationToken), cancellationToken);

    public async Task<KpiSnapshot> GetKpisAsync(ReportOptions options, long notBefore, CancellationToken cancellationToken) =>
        await cache.GetKpisAsync(options, await VersionAsync(notBefore, cancellationToken), cancellationToken);

    public async Task<CommerceKpis> GetCommerceKpisAsync(CommerceKpiQuery query, long notBefore, CancellationToken cancellationToken) =>
        await cache.GetCommerceKpisAsync(query, await VersionAsync(notBefore, cancellationToken), cancellationToken);

    /// <summary>The Commerce page's live message for one query; every viewer of one query in one second shares it.</summary>
    public async Task<string> CommerceSnapshotJsonAsync(CommerceKpiQuery query, long notBefore, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(notBefore, cancellationToken);
        return await cache.LocalAsync(
            "commerce-snapshot:" + query.Describe(),
            version,
            async ct => CommerceEndpoints.SnapshotJson(version, await cache.GetCommerceKpisAsync(query, version, ct)),
            cancellationToken);
    }

    public async Task<PipelineStatus> GetPipelineAsync(long notBefore, CancellationToken cancellationToken) =>
        await cache.GetPipelineAsync(await VersionAsync(notBefore, cancellationToken), cancellationToken);

    /// <summary>
    /// Everything the page shows, for one selection: KPIs, pipeline, the six view reports (store views for the chosen or
    /// top country, hourly views for the chosen or top product), the full country list for the map and picker, and
    /// the commerce panels: revenue per currency for the day and per hour, overall conversion, and the selection's
    /// funnel (funnel=, funnel_by=).
    /// Every viewer of one selection in one second shares one built snapshot.
    /// </summary>
    public async Task<string> SnapshotJsonAsync(ReportOptions selection, long notBefore, CancellationToken cancellationToken)
    {
        ReportService.ValidateTimeZone(selection.TimeZone);
        var version = await VersionAsync(notBefore, cancellationToken);
        return await cache.LocalAsync("snapshot:" + ReportCache.Describe(selection), version, ct => BuildSnapshotAsync(selection, version, ct), cancellationToken);
    }

    private async Task<string> BuildSnapshotAsync(ReportOptions selection, DataVersion version, CancellationToken cancellationToken)
    {
        var all = selection with { Country = null, Product = null, Limit = null };
        var countries = await cache.RunAsync(ReportKind.TopCountries, all with { Limit = MapCountries }, version, cancellationToken);
        var day = countries.Day;
        var fixedDay = day is { } d ? all with { Date = ReportDate.On(d) } : all;
        var products = await cache.RunAsync(ReportKind.TopProducts, fixedDay, version, cancellationToken);
        var referrers = await cache.RunAsync(ReportKind.TopReferrers, fixedDay, version, cancellationToken);
        var browsers = await cache.RunAsync(ReportKind.HourlyBrowserOs, fixedDay, version, cancellationToken);
        var country = selection.Country ?? (countries.Rows.Count > 0 ? ((TopCountryRow)countries.Rows[0]).CountryCode : null);
        var product = selection.Product ?? (products.Rows.Count > 0 ? ((TopProductRow)products.Rows[0]).ProductId : null);
        ReportResult? stores = country is null ? null : await cache.RunAsync(ReportKind.StoreViews, fixedDay with { Country = country }, version, cancellationToken);
        ReportResult? hourly = product is null ? null : await cache.RunAsync(ReportKind.HourlyProductViews, fixedDay with { Product = product }, version, cancellationToken);
        var kpis = await cache.GetKpisAsync(fixedDay, version, cancellationToken);
        var revenue = await cache.RunAsync(ReportKind.Revenue, fixedDay with { Breakdown = CommerceBreakdown.None }, version, cancellationToken);
        var revenueHourly = await cache.RunAsync(ReportKind.Revenue, fixedDay with { Breakdown = CommerceBreakdown.Hour }, version, cancellationToken);
        var conversion = await cache.RunAsync(ReportKind.Conversion, fixedDay with { Breakdown = CommerceBreakdown.None }, version, cancellationToken);
        var sessions = await cache.RunAsync(ReportKind.Sessions, fixedDay with { Breakdown = CommerceBreakdown.None }, version, cancellationToken);
        var funnel = await cache.RunAsync(ReportKind.Funnel, fixedDay, version, cancellationToken);
        var pipeline = await cache.GetPipelineAsync(version, cancellationToken);
        // By arrival, for the selection's own date: "latest" is the last day anything was rejected, which after a
        // backfill of old events is the day it ran, not the day of the newest views (issue 23).
        var bad = await cache.Source.GetBadEventsAsync(all, cancellationToken);

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
            json.WritePropertyName("bad_events");
            JsonSerializer.Serialize(json, bad, DashboardJsonContext.Default.BadEventSummary);
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
            WriteRows(json, "sessions", sessions);
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
            if (result.Until is { } until)
            {
                WriteDay(json, "to", until);
            }

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
