using System.Globalization;
using System.Text;
using System.Text.Json;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Facet.Dashboard;

/// <summary>
/// The Commerce page (issue 18): <c>/commerce</c>, its KPI cards as JSON and CSV (<c>/api/commerce/kpis[.csv]</c>), the
/// entity streams' freshness as CSV, and its live stream <c>/api/commerce/live</c> (Server-Sent Events: the KPIs and
/// the data version on every tick). The page's panels are the commerce reports of <c>/api/reports/NAME?source=commerce</c>,
/// fetched again when the data version moves; everything goes through the report cache.
/// Query: date (YYYY-MM-DD, today, latest), tz, category, country.
/// </summary>
internal static class CommerceEndpoints
{
    private static readonly string[] KpiColumns =
    [
        "date", "tz", "category", "country", "currency", "orders", "successful_orders", "failed_orders", "units", "revenue",
        "average_order_value", "sessions", "sessions_with_order", "conversion",
    ];

    private static readonly string[] FreshnessColumns = ["stream", "records", "latest_event_time", "last_loaded_at", "freshness_seconds"];

    public static void Map(WebApplication app, DashboardData data, DashboardMetrics metrics, DashboardOptions options, StaticAssets assets)
    {
        var time = options.TimeProvider;
        var stopping = app.Lifetime.ApplicationStopping;
        app.MapGet("/commerce", (HttpContext context) => assets.Serve(context, "/commerce.html"));

        app.MapGet("/api/commerce/kpis", (HttpContext context, CancellationToken ct) => DashboardApp.Guard(metrics, async () =>
        {
            var arrived = time.GetTimestamp();
            metrics.Request("commerce_kpis");
            var kpis = await data.GetCommerceKpisAsync(Parse(context.Request.Query, options), arrived, ct);
            return Results.Json(kpis, DashboardJsonContext.Default.CommerceKpis);
        }));

        app.MapGet("/api/commerce/kpis.csv", (HttpContext context, CancellationToken ct) => DashboardApp.Guard(metrics, async () =>
        {
            var arrived = time.GetTimestamp();
            metrics.Request("commerce_kpis_csv");
            var kpis = await data.GetCommerceKpisAsync(Parse(context.Request.Query, options), arrived, ct);
            var text = new StringWriter();
            await ReportWriter.WriteCsvAsync(text, KpiColumns, KpiRows(kpis), ct);
            context.Response.Headers.ContentDisposition = $"inline; filename=\"commerce-kpis-{Day(kpis.Day)}.csv\"";
            return TypedResults.Text(text.ToString(), "text/csv; charset=utf-8");
        }));

        app.MapGet("/api/commerce/freshness.csv", (HttpContext context, CancellationToken ct) => DashboardApp.Guard(metrics, async () =>
        {
            var arrived = time.GetTimestamp();
            metrics.Request("commerce_freshness_csv");
            var kpis = await data.GetCommerceKpisAsync(Parse(context.Request.Query, options), arrived, ct);
            var text = new StringWriter();
            await ReportWriter.WriteCsvAsync(text, FreshnessColumns, kpis.Streams.Select(s => (IReadOnlyList<object?>)[s.Stream, s.Records, Time(s.LatestEventTime), Time(s.LastLoadedAt), s.FreshnessSeconds]), ct);
            context.Response.Headers.ContentDisposition = "inline; filename=\"commerce-freshness.csv\"";
            return TypedResults.Text(text.ToString(), "text/csv; charset=utf-8");
        }));

        app.MapGet("/api/commerce/live", (HttpContext context, CancellationToken ct) =>
        {
            metrics.Request("commerce_live");
            CommerceKpiQuery query;
            try
            {
                query = Parse(context.Request.Query, options);
            }
            catch (ReportOptionsException ex)
            {
                metrics.Error();
                return Results.Json(new ApiError(ex.Message), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);
            }

            return TypedResults.ServerSentEvents(DashboardApp.Live((notBefore, token) => data.CommerceSnapshotJsonAsync(query, notBefore, token), metrics, options.LiveInterval, time, ct, stopping));
        });
    }

    /// <summary>The query's date, tz, category and country; throws <see cref="ReportOptionsException"/> (→ 400) naming the bad one.</summary>
    public static CommerceKpiQuery Parse(IQueryCollection query, DashboardOptions defaults)
    {
        if (!ReportDate.TryParse(Value(query, "date"), out var date, out var dateError))
        {
            throw new ReportOptionsException(dateError);
        }

        var zone = Value(query, "tz") ?? defaults.TimeZone;
        ReportService.ValidateTimeZone(zone);
        return new CommerceKpiQuery(date, zone, Value(query, "category"), Value(query, "country"));
    }

    /// <summary>One line per currency (one line without currency when the day had no order, so sessions still show).</summary>
    private static IEnumerable<IReadOnlyList<object?>> KpiRows(CommerceKpis kpis)
    {
        IReadOnlyList<CurrencyRevenue> currencies = kpis.Revenue.Count > 0 ? kpis.Revenue : [new CurrencyRevenue("", 0, 0, 0, 0, 0, null)];
        foreach (var r in currencies)
        {
            yield return [Day(kpis.Day), kpis.TimeZone, kpis.Category, kpis.Country, r.Currency, r.Orders, r.SuccessfulOrders, r.FailedOrders, r.Units, r.Revenue, r.AverageOrderValue, kpis.Sessions, kpis.SessionsWithOrder, kpis.Conversion];
        }
    }

    private static string Day(DateOnly? day) => day?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";

    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;

    /// <summary>The live message: the data version (the page fetches its report panels again when it moves) and the KPIs.</summary>
    public static string SnapshotJson(DataVersion version, CommerceKpis kpis)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("version", version.ToString());
            json.WritePropertyName("kpis");
            JsonSerializer.Serialize(json, kpis, DashboardJsonContext.Default.CommerceKpis);
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
