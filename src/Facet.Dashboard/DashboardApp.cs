using System.Globalization;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Facet.Dashboard.Caching;
using Facet.Storage.Reports;
using Facet.Storage.Windows;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Facet.Dashboard;

/// <summary>
/// Builds the dashboard web application: the report API (JSON and CSV), KPIs, the pipeline panel, live updates over
/// Server-Sent Events, Prometheus metrics and the page itself (assets embedded, no CDN). It only reads the warehouse.
/// </summary>
public static class DashboardApp
{
    /// <summary>The dashboard's meter (requests, report query time, live clients), for OpenTelemetry exporters.</summary>
    public const string MeterName = "Facet.Dashboard";

    /// <summary>
    /// The dashboard over <paramref name="reports"/>, which the caller owns (dispose it after the app stops). Start it
    /// with <c>StartAsync</c>/<c>RunAsync</c>; <see cref="DashboardOptions.Port"/> 0 picks a free port (read it from
    /// IServerAddressesFeature).
    /// </summary>
    public static WebApplication Build(DashboardOptions options, IReportSource reports, Action<ILoggingBuilder>? logging = null, IScheduleBoard? schedule = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reports);
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://{FormatHost(options.Bind)}:{options.Port}");
        logging?.Invoke(builder.Logging);
        builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, DashboardJsonContext.Default));
        var metrics = new DashboardMetrics();
        var time = options.TimeProvider;
        AddReportCache(builder.Services, options);
        var assets = StaticAssets.Load();
        var app = builder.Build();
        var warehouse = new MeteredReportSource(reports, metrics);
        var cache = new ReportCache(warehouse, app.Services.GetRequiredService<HybridCache>(), app.Services.GetService<RedisLevel>(), time, off: CacheAddress.IsOff(options.Cache));
        var data = new DashboardData(cache);
        var stopping = app.Lifetime.ApplicationStopping;
        app.Lifetime.ApplicationStopped.Register(metrics.Dispose);
        if (options.AuthToken is { Length: > 0 } token)
        {
            var auth = new TokenAuth(token);
            app.Use(auth.InvokeAsync);
        }

        app.MapGet("/api/health", async (CancellationToken ct) =>
        {
            metrics.Request("health");
            // The cache's state is reported, never a failure: without Redis the dashboard serves from the warehouse.
            var cacheHealth = await cache.HealthAsync();
            try
            {
                await warehouse.CheckAsync(ct);
                return Results.Json(new HealthStatus("ok", null, cacheHealth), DashboardJsonContext.Default.HealthStatus);
            }
            catch (ReportWarehouseException ex)
            {
                metrics.Error();
                return Results.Json(new HealthStatus("unavailable", ex.Message, cacheHealth), DashboardJsonContext.Default.HealthStatus, statusCode: StatusCodes.Status503ServiceUnavailable);
            }
        });

        app.MapGet("/api/reports", () => TypedResults.Ok(ReportCatalog.Names));

        app.MapGet("/api/reports/{name}", (string name, HttpContext context, CancellationToken ct) => Guard(metrics, async () =>
        {
            var arrived = time.GetTimestamp();
            var csv = name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase);
            var reportName = csv ? name[..^4] : name;
            metrics.Request(csv ? "report_csv" : "report");
            if (!ReportCatalog.TryParse(reportName, out var kind))
            {
                metrics.Error();
                return Results.Json(new ApiError($"unknown report '{reportName}': use one of {string.Join(", ", ReportCatalog.Names)}"), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound);
            }

            var result = await data.RunAsync(kind, DashboardQuery.Parse(context.Request.Query, options, kind), arrived, ct);
            if (!csv)
            {
                return TypedResults.Text(DashboardData.ResultJson(result), "application/json; charset=utf-8");
            }

            var text = new StringWriter();
            await ReportWriter.WriteCsvAsync(text, result, ct);
            context.Response.Headers.ContentDisposition = string.Create(CultureInfo.InvariantCulture, $"inline; filename=\"{result.Name}-{result.Day:yyyy-MM-dd}.csv\"");
            return TypedResults.Text(text.ToString(), "text/csv; charset=utf-8");
        }));

        // Event-time windows (issue 19, docs/windows.md): as published in the warehouse, through the report cache.
        app.MapGet("/api/windows", (CancellationToken ct) => Guard(metrics, async () =>
        {
            var arrived = time.GetTimestamp();
            metrics.Request("windows");
            var json = await cache.TextAsync("windows", await cache.VersionAsync(arrived, ct), async c =>
            {
                var stored = await warehouse.ListWindowsAsync(c);
                return WindowWriter.ListToJson(stored.Select(static s => (s.Definition, s.Watermark)));
            }, ct);
            return TypedResults.Text(json, "application/json; charset=utf-8");
        }));

        // The Commerce page's late panel: per definition, revisions after the watermark and events beyond the lateness.
        app.MapGet("/api/commerce/windows", (CancellationToken ct) => Guard(metrics, async () =>
        {
            var arrived = time.GetTimestamp();
            metrics.Request("windows_late");
            var json = await cache.TextAsync("windows_late", await cache.VersionAsync(arrived, ct), async c =>
                WindowWriter.LateSummaryToJson(await warehouse.ReadWindowLateSummaryAsync(c)), ct);
            return TypedResults.Text(json, "application/json; charset=utf-8");
        }));

        app.MapGet("/api/windows/{name}", (string name, HttpContext context, CancellationToken ct) => Guard(metrics, async () =>
        {
            var arrived = time.GetTimestamp();
            metrics.Request("window");
            var (from, to) = (WindowTime(context, "from"), WindowTime(context, "to"));
            // One cached answer per (name, range, data version); an unknown name is cached as empty text.
            var json = await cache.TextAsync(
                string.Create(CultureInfo.InvariantCulture, $"window:{name}:{from:O}:{to:O}"),
                await cache.VersionAsync(arrived, ct),
                async c => (await warehouse.ListWindowsAsync(c)).FirstOrDefault(s => s.Definition.Name == name) is { } stored
                    ? WindowWriter.ToJson(await warehouse.ReadWindowsAsync(stored.Definition, from, to, c), indented: false)
                    : "",
                ct);
            if (json.Length == 0)
            {
                metrics.Error();
                return Results.Json(new ApiError($"unknown window '{name}': GET /api/windows lists them"), DashboardJsonContext.Default.ApiError, statusCode: StatusCodes.Status404NotFound);
            }

            return TypedResults.Text(json, "application/json; charset=utf-8");
        }));

        app.MapGet("/api/kpis", (HttpContext context, CancellationToken ct) => Guard(metrics, async () =>
        {
            var arrived = time.GetTimestamp();
            metrics.Request("kpis");
            var kpis = await data.GetKpisAsync(DashboardQuery.Parse(context.Request.Query, options), arrived, ct);
            return Results.Json(kpis, DashboardJsonContext.Default.KpiSnapshot);
        }));

        // Bad events by arrival (issue 23): the day's count by reason, and the day's rejects whole as CSV.
        app.MapGet("/api/bad-events", (HttpContext context, CancellationToken ct) => Guard(metrics, async () =>
        {
            metrics.Request("bad_events");
            var summary = await reports.GetBadEventsAsync(DashboardQuery.Parse(context.Request.Query, options), ct);
            return Results.Json(summary, DashboardJsonContext.Default.BadEventSummary);
        }));

        app.MapGet("/api/bad-events.csv", (HttpContext context, CancellationToken ct) => Guard(metrics, async () =>
        {
            metrics.Request("bad_events_csv");
            var selection = DashboardQuery.Parse(context.Request.Query, options);
            // Resolved before the body starts, so a warehouse that cannot be read still gets a status code.
            var day = await reports.ResolveArrivalDayAsync(selection, ct);
            var rejects = reports.ReadBadEventsAsync(day is { } d ? selection with { Date = ReportDate.On(d) } : selection, ct);
            var name = day is { } named ? string.Create(CultureInfo.InvariantCulture, $"bad-events-{named:yyyy-MM-dd}.csv") : "bad-events.csv";
            context.Response.Headers.ContentDisposition = $"inline; filename=\"{name}\"";
            return TypedResults.Stream(
                async body =>
                {
                    await using var writer = new StreamWriter(body, new System.Text.UTF8Encoding(false), leaveOpen: true);
                    await ReportWriter.WriteBadEventsCsvAsync(writer, rejects, ct);
                },
                "text/csv; charset=utf-8");
        }));

        app.MapGet("/api/pipeline", (CancellationToken ct) => Guard(metrics, async () =>
        {
            var arrived = time.GetTimestamp();
            metrics.Request("pipeline");
            var pipeline = await data.GetPipelineAsync(arrived, ct);
            // The in-process worker's state is live, never cached: it changes without a commit (paused, draining).
            if (options.WorkerState?.Invoke() is { } worker)
            {
                pipeline = pipeline with { WorkerState = worker.State, WorkerReason = worker.Reason };
            }

            return Results.Json(pipeline, DashboardJsonContext.Default.PipelineStatus);
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

            return TypedResults.ServerSentEvents(Live((notBefore, token) => data.SnapshotJsonAsync(selection, notBefore, token), metrics, options.LiveInterval, time, ct, stopping));
        });

        app.MapGet("/metrics", async (CancellationToken ct) =>
        {
            var arrived = time.GetTimestamp();
            PipelineStatus? pipeline = null;
            try
            {
                pipeline = await data.GetPipelineAsync(arrived, ct);
            }
            catch (ReportWarehouseException)
            {
                metrics.Error();
            }

            return TypedResults.Text(metrics.Render(pipeline), "text/plain; version=0.0.4; charset=utf-8");
        });

        if (schedule is not null)
        {
            SchedulePage.Map(app, schedule);
        }

        CommerceEndpoints.Map(app, data, metrics, options, assets);

        app.MapGet("/", (HttpContext context) => assets.Serve(context, "/index.html"));
        foreach (var path in assets.Paths)
        {
            app.MapGet(path, (HttpContext context) => assets.Serve(context, path));
        }

        return app;
    }

    /// <summary>
    /// A fresh <paramref name="snapshot"/> (given the timestamp its data version must be read after) now and then on
    /// every tick of <paramref name="interval"/> until the browser leaves or the app stops. A warehouse that cannot be read sends a "problem" event instead, and the stream keeps trying. Ticks fall
    /// on multiples of the interval on the wall clock, the same instants for every viewer and every dashboard process,
    /// so all viewers of a tick share one data-version read and one snapshot: warehouse reads do not grow with viewers.
    /// </summary>
    internal static async IAsyncEnumerable<SseItem<string>> Live(
        Func<long, CancellationToken, Task<string>> snapshot,
        DashboardMetrics metrics,
        TimeSpan interval,
        TimeProvider time,
        [EnumeratorCancellation] CancellationToken requestAborted,
        CancellationToken stopping)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping);
        var ct = cts.Token;
        metrics.LiveClientConnected();
        try
        {
            long sequence = 0;
            var notBefore = time.GetTimestamp();
            while (!ct.IsCancellationRequested)
            {
                string payload;
                string type;
                try
                {
                    payload = await snapshot(notBefore, ct);
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
                var now = time.GetUtcNow();
                var tick = new DateTimeOffset(((now.UtcTicks / interval.Ticks) + 1) * interval.Ticks, TimeSpan.Zero);
                try
                {
                    await Task.Delay(tick - now, time, ct);
                }
                catch (OperationCanceledException)
                {
                    yield break;
                }

                // The tick's instant as a timestamp: a version read that started at or after it serves every viewer.
                var late = time.GetUtcNow() - tick;
                notBefore = time.GetTimestamp() - (long)(Math.Max(0, late.TotalSeconds) * time.TimestampFrequency);
            }
        }
        finally
        {
            metrics.LiveClientLeft();
        }
    }

    /// <summary>A window range bound from the query (?from=2024-05-01T13:00Z), UTC; a bad one is a 400 naming the format.</summary>
    private static DateTime? WindowTime(HttpContext context, string name)
    {
        var text = context.Request.Query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        return DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var t)
            ? DateTime.SpecifyKind(t, DateTimeKind.Utc)
            : throw new ReportOptionsException($"{name} must be a UTC time such as 2024-05-01T13:00Z (got '{text}')");
    }

    internal static async Task<IResult> Guard(DashboardMetrics metrics, Func<Task<IResult>> handler)
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

    /// <summary>
    /// HybridCache (in-process level, stampede protection) with the serializers of the cached report types, and with
    /// <see cref="DashboardOptions.Cache"/> Redis as its shared level behind <see cref="GuardedDistributedCache"/>.
    /// </summary>
    private static void AddReportCache(IServiceCollection services, DashboardOptions options)
    {
        services.AddHybridCache(cache =>
        {
            // Country lists and hourly browser/OS tables of a busy day stay well under this; bigger ones go uncached.
            cache.MaximumPayloadBytes = 16 * 1024 * 1024;
        }).AddSerializerFactory(new ReportCacheSerializerFactory());
        if (options.Cache is not { Length: > 0 } uri || CacheAddress.IsOff(uri))
        {
            return;
        }

        var endpoint = CacheAddress.Parse(uri);
        services.AddSingleton(provider => new RedisLevel(endpoint, options.CacheKeyPrefix, options.TimeProvider, provider.GetRequiredService<ILoggerFactory>().CreateLogger("Facet.Dashboard.Cache")));
        services.AddSingleton<IDistributedCache>(provider =>
        {
            var level = provider.GetRequiredService<RedisLevel>();
            var redis = new RedisCache(Options.Create(new RedisCacheOptions
            {
                ConnectionMultiplexerFactory = async () => await level.ConnectionAsync(),
                InstanceName = options.CacheKeyPrefix,
            }));
            return new GuardedDistributedCache(redis, level);
        });
    }

    private static string FormatHost(string bind) => bind.Contains(':', StringComparison.Ordinal) ? $"[{bind}]" : bind;
}
