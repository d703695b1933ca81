using Facet.Storage.Reports;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace Facet.Dashboard.Caching;

/// <summary>
/// <c>facet cache refresh</c> (issue 20, docs/cache.md "Refreshing"): reads the warehouse's current data version and
/// computes, through the same cache and keys as a dashboard with these <see cref="DashboardOptions"/>, the answers its
/// next requests will ask for — the page's live snapshot parts by default, or <c>/api/reports/NAME</c> without a query
/// for each named report — so they are in Redis before a viewer asks; then removes the Redis entries of older data
/// versions (no request can ask for them again: every request reads the version anew). The in-process level belongs
/// to each process: this one's is gone when it exits, and a running dashboard fills its own from Redis on its next
/// request. Without Redis (<c>memory</c>) the refresh only proves the answers compute.
/// </summary>
public static class ReportCacheRefresh
{
    /// <summary>
    /// Warms the cache for the current data version (<paramref name="date"/>: the requests' <c>date=</c>, null for
    /// none). Throws <see cref="ReportOptionsException"/> for a bad date, <see cref="ArgumentException"/> for an unknown report name,
    /// <see cref="InvalidOperationException"/> when Redis is named but unavailable (one line with its error), and
    /// <see cref="ReportWarehouseException"/> when the warehouse cannot be read.
    /// </summary>
    public static async Task<CacheRefreshResult> RunAsync(DashboardOptions options, IReportSource reports, IReadOnlyList<string> reportNames, string? date, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(reportNames);
        var kinds = new List<(string Name, ReportKind Kind)>();
        foreach (var name in reportNames)
        {
            kinds.Add(ReportCatalog.TryParse(name, out var kind)
                ? (name, kind)
                : throw new ArgumentException($"unknown report '{name}': use one of {string.Join(", ", ReportCatalog.Names)}", nameof(reportNames)));
        }

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        DashboardApp.AddReportCache(services, options);
        await using var provider = services.BuildServiceProvider();
        var redis = provider.GetService<RedisLevel>();
        var time = options.TimeProvider;
        if (redis is not null && await ConnectAsync(redis, time, cancellationToken) is { } error)
        {
            throw new InvalidOperationException($"the Redis cache at {redis.Endpoint} is unavailable ({error}): start it, or refresh with --cache memory");
        }

        var cache = new ReportCache(reports, provider.GetRequiredService<HybridCache>(), redis, time);
        var data = new DashboardData(cache);
        var version = await cache.VersionAsync(time.GetTimestamp(), cancellationToken);
        // The query a viewer's request carries: none (the page's defaults), or date= (a day a scheduled run warms).
        var empty = new QueryCollection(date is null ? [] : new Dictionary<string, StringValues> { ["date"] = date });
        var warmed = new List<string>();
        if (kinds.Count == 0)
        {
            // What /api/live (the page) asks for first: its snapshot, built from cached reports (all written to Redis).
            await data.SnapshotJsonAsync(DashboardQuery.Parse(empty, options), time.GetTimestamp(), cancellationToken);
            warmed.Add("dashboard page (top-countries, top-products, top-referrers, hourly-browser-os, store-views, hourly-product-views, revenue, conversion, funnel)");
        }

        foreach (var (name, kind) in kinds)
        {
            await cache.RunAsync(kind, DashboardQuery.Parse(empty, options, kind), version, cancellationToken);
            warmed.Add(name);
        }

        var removed = redis is null ? 0 : await redis.RemoveOtherVersionsAsync(version);
        return new CacheRefreshResult(version.ToString(), warmed, redis is null ? "memory" : "redis " + redis.Endpoint, removed);
    }

    /// <summary>
    /// Null once Redis answers a ping, else its last error after 5 s: the connection is opened in the background and
    /// fails fast meanwhile (a dashboard then serves from the warehouse), but a refresh exists to fill Redis, so it waits.
    /// </summary>
    private static async Task<string?> ConnectAsync(RedisLevel redis, TimeProvider time, CancellationToken cancellationToken)
    {
        var deadline = time.GetTimestamp() + (5 * time.TimestampFrequency);
        while (true)
        {
            var (ok, error) = await redis.PingAsync();
            if (ok || time.GetTimestamp() >= deadline)
            {
                return ok ? null : error;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }
    }
}
