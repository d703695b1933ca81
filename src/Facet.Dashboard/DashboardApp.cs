using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Facet.Storage.Reports;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.Dashboard;

/// <summary>
/// Builds the dashboard web application: the report API (JSON and CSV), KPIs, the pipeline panel, live updates over
/// Server-Sent Events, Prometheus metrics and the page itself (assets embedded, no CDN). It only reads the warehouse.
/// </summary>
public static class DashboardApp
{
    /// <summary>
    /// The dashboard over <paramref name="reports"/>, which the caller owns (dispose it after the app stops). Start it
    /// with <c>StartAsync</c>/<c>RunAsync</c>; <see cref="DashboardOptions.Port"/> 0 picks a free port (read it from
    /// IServerAddressesFeature).
    /// </summary>
    public static WebApplication Build(DashboardOptions options, ReportService reports, Action<ILoggingBuilder>? logging = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reports);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{FormatHost(options.Bind)}:{options.Port}");
        logging?.Invoke(builder.Logging);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));
        var metrics = new DashboardMetrics();
        var data = new DashboardData(reports, metrics);
        var assets = StaticAssets.Load();
        var app = builder.Build();
        var stopping = app.Lifetime.ApplicationStopping;
        if (options.AuthToken is { Length: > 0 } token)
        {
            var auth = new TokenAuth(token);
            app.Use(auth.InvokeAsync);
        }

        app.MapGet("/api/health", async (CancellationToken ct) =>
        {
            metrics.Request("health");
            try
            {
                await reports.CheckAsync(ct);
                return Results.Json(new HealthStatus("ok"), DashboardJsonContext.Default.HealthStatus);
            }
            catch (ReportWarehouseException ex)
            {
                metrics.Error();
                return Results.Json(new HealthStatus("unavailable", ex.Message), DashboardJsonContext.Default.HealthStatus, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        app.MapGet("/api/reports", () => TypedResults.Ok(ReportCatalog.Names));

        app.MapGet("/api/reports/{name}", (string name, HttpContext context, CancellationToken ct) => Guard(metrics, async () =>
        {
            var csv = name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            var reportName = csv ? name[..^4] : name;
            metrics.Request(csv ? "report_csv" : "report");
            if (!ReportCatalog.TryParse(reportName, out var kind))
            {
                metrics.Error();
                return Results.Json(new ApiError($"unknown report '{reportName}': use one of {string.Join(", ", ReportCatalog.Names)}"), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound);
            }

            var result = await data.RunAsync(kind, DashboardQuery.Parse(context.Request.Query, options, kind), ct);
            if (!csv)
            {
                return TypedResults.Text(DashboardData.ResultJson(result), "application/json; charset=utf-8");
            }

            var text = new StringWriter();
            await ReportWriter.WriteCsvAsync(text, result, ct);
            context.Response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture, $"inline; filename=\"{result.Name}-{result.Day:yyyy-MM-dd}.csv\"");
            return TypedResults.Text(text.ToString(), "text/csv; charset=utf-8");
        }));

        app.MapGet("/api/kpis", (HttpContext context, CancellationToken ct) => Guard(metrics, async () =>
        {
            metrics.Request("kpis");
            var kpis = await reports.GetKpisAsync(DashboardQuery.Parse(context.Request.Query, options), ct);
            return Results.Json(kpis, DashboardJsonContext.Default.KpiSnapshot);
        }));

        app.MapGet("/api/pipeline", (CancellationToken ct) => Guard(metrics, async () =>
        {
            metrics.Request("pipeline");
            return Results.Json(await reports.GetPipelineAsync(ct), DashboardJsonContext.Default.PipelineStatus);
        }));

        app.MapGet("/api/live", (HttpContext context, CancellationToken ct) =>
        {
            metrics.Request("live");
            ReportOptions selection;
            try
            {
                selection = DashboardQuery.Parse(context.Request.Query, options);
                ReportService.ValidateTimeZone(selection.TimeZone);
            }
            catch (ReportOptionsException ex)
            {
                metrics.Error();
                return Results.Json(new ApiError(ex.Message), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);
            }

            return TypedResults.ServerSentEvents(Live(data, metrics, selection, options.LiveInterval, ct, stopping));
        });

        app.MapGet("/metrics", async (CancellationToken ct) =>
        {
            PipelineStatus? pipeline = null;
            try
            {
                pipeline = await reports.GetPipelineAsync(ct);
            }
            catch (ReportWarehouseException)
            {
                metrics.Error();
            }

            return TypedResults.Text(metrics.Render(pipeline), "text/plain; version=0.0.4; charset=utf-8");
        });

        app.MapGet("/", (HttpContext context) => assets.Serve(context, "/index.html"));
        foreach (var path in assets.Paths)
        {
            app.MapGet(path, (HttpContext context) => assets.Serve(context, path));
        }

        return app;
    }

    /// <summary>
    /// A fresh snapshot now and then every <paramref name="interval"/> until the browser leaves or the app stops. A
    /// warehouse that cannot be read sends a "problem" event instead, and the stream keeps trying.
    /// </summary>
    private static async IAsyncEnumerable<SseItem<string>> Live(
        DashboardData data,
        DashboardMetrics metrics,
        ReportOptions selection,
        TimeSpan interval,
        [EnumeratorCancellation] CancellationToken requestAborted,
        CancellationToken stopping)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        var ct = cts.Token;
        metrics.LiveClientConnected();
        try
        {
            using var timer = new PeriodicTimer(interval);
            long sequence = 0;
            while (!ct.IsCancellationRequested)
            {
                string payload;
                string type;
                try
                {
                    payload = await data.SnapshotJsonAsync(selection, ct);
                    type = "snapshot";
                }
                catch (Exception ex) when (ex is ReportWarehouseException or ReportOptionsException)
                {
                    metrics.Error();
                    payload = JsonSerializer.Serialize(new ApiError(ex.Message), DashboardJsonContext.Default.ApiError);
                    type = "problem";
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    yield break;
                }

                metrics.LiveMessage();
                yield return new SseItem<string>(payload, type) { EventId = (++sequence).ToString(System.Globalization.CultureInfo.InvariantCulture) };
                try
                {
                    if (!await timer.WaitForNextTickAsync(ct))
                    {
                        yield break;
                    }
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }
            }
        }
        finally
        {
            metrics.LiveClientLeft();
        }
    }

    private static async Task<IResult> Guard(DashboardMetrics metrics, Func<Task<IResult>> handler)
    {
        try
        {
            return await handler();
        }
        catch (ReportOptionsException ex)
        {
            metrics.Error();
            return Results.Json(new ApiError(ex.Message), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status400BadRequest);
        }
        catch (ReportWarehouseException ex)
        {
            metrics.Error();
            return Results.Json(new ApiError(ex.Message), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static string FormatHost(string bind) => bind.Contains(':', StringComparison.Ordinal) ? $"[{bind}]" : bind;
}
