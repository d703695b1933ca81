using System.Globalization;
using System.Text;
using Facet.Storage.Reports;
using Microsoft.Extensions.Caching.Hybrid;

namespace Facet.Dashboard.Caching;

/// <summary>
/// The one cache every report, KPI card and pipeline panel of the API and the dashboard goes through (issue 20):
/// HybridCache in this process (stampede protection: concurrent misses of one key run one query), Redis as the shared
/// level with <c>--cache</c>. Keys hold the report, every option and the warehouse's <see cref="DataVersion"/> — for a
/// report, the versions of the stream families it reads (<see cref="ReportCatalog.FamiliesOf"/>), so a commit makes new
/// keys for exactly the reports over what it wrote and no answer is older than the data; nothing is ever invalidated
/// by hand. Answers that also
/// depend on the clock (the pipeline panel; KPIs of a day that may be today, whose window ends now) add the current
/// second to their key. <c>--cache off</c> (<paramref name="off"/>) sends every call to the warehouse, for comparison.
/// See docs/cache.md.
/// </summary>
internal sealed class ReportCache(IReportSource source, HybridCache cache, RedisLevel? redis, TimeProvider time, bool off = false)
{
    private static readonly HybridCacheEntryOptions DataEntry = new() { Expiration = TimeSpan.FromMinutes(10), LocalCacheExpiration = TimeSpan.FromMinutes(10) };
    private static readonly HybridCacheEntryOptions ClockEntry = new() { Expiration = TimeSpan.FromSeconds(30), LocalCacheExpiration = TimeSpan.FromSeconds(5) };
    private static readonly HybridCacheEntryOptions LocalClockEntry = new()
    {
        LocalCacheExpiration = TimeSpan.FromSeconds(5),
        Flags = HybridCacheEntryFlags.DisableDistributedCache,
    };

    public DataVersionProbe Versions { get; } = new(source, time);

    public IReportSource Source => source;

    public TimeProvider Time => time;

    /// <summary>The data version read by a query that started at or after <paramref name="notBefore"/> (a timestamp).</summary>
    public Task<DataVersion> VersionAsync(long notBefore, CancellationToken cancellationToken) =>
        off ? Task.FromResult(default(DataVersion)) : Versions.GetAsync(notBefore, cancellationToken);

    public Task<ReportResult> RunAsync(ReportKind kind, ReportOptions options, DataVersion version, CancellationToken cancellationToken)
    {
        // Every report has a cache form (ReportResultConverter), the commerce ones included (issue 18/20).
        if (off)
        {
            return source.RunAsync(kind, options, cancellationToken);
        }

        // "today" names a different day after midnight: key (and compute) the concrete day it means now.
        if (options.Date.Kind == ReportDateKind.Today)
        {
            if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone))
            {
                return source.RunAsync(kind, options, cancellationToken); // reports the unknown zone
            }

            options = options with { Date = ReportDate.On(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime)) };
        }

        // Keyed by the versions of the families the report reads only: a commit that wrote none of them keeps its entries.
        var key = $"report:{version.KeyFor(ReportCatalog.FamiliesOf(kind, options.Source))}:{ReportCatalog.NameOf(kind)}:{Describe(options)}";
        return GetAsync(key, ct => source.RunAsync(kind, options, ct), DataEntry, cancellationToken);
    }

    public Task<KpiSnapshot> GetKpisAsync(ReportOptions options, DataVersion version, CancellationToken cancellationToken)
    {
        if (off)
        {
            return source.GetKpisAsync(options, cancellationToken);
        }

        var clock = MayBeToday(options) ? ":" + Second() : "";
        var key = $"kpis:{version}{clock}:{Describe(options)}";
        return GetAsync(key, ct => source.GetKpisAsync(options, ct), clock.Length > 0 ? ClockEntry : DataEntry, cancellationToken);
    }

    /// <summary>
    /// The Commerce page's KPIs, keyed by the data version and the query (a "today" query by the concrete day it
    /// means now); each stream's freshness is recomputed for now on the way out, since it is the only clock-bound part.
    /// </summary>
    public async Task<Facet.Storage.Reports.Commerce.CommerceKpis> GetCommerceKpisAsync(Facet.Storage.Reports.Commerce.CommerceKpiQuery query, DataVersion version, CancellationToken cancellationToken)
    {
        if (off)
        {
            return await source.GetCommerceKpisAsync(query, cancellationToken);
        }

        if (query.Date.Kind == ReportDateKind.Today && TimeZoneInfo.TryFindSystemTimeZoneById(query.TimeZone, out var zone))
        {
            query = query with { Date = ReportDate.On(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime)) };
        }

        var kpis = await GetAsync($"commerce-kpis:{version}:{query.Describe()}", ct => source.GetCommerceKpisAsync(query, ct), DataEntry, cancellationToken);
        return kpis.AsOf(time.GetUtcNow());
    }

    /// <summary>
    /// An answer the dashboard renders as text straight from the warehouse (the event-time window endpoints), cached
    /// like a report: keyed by what it is and the data version (the window rows change only in batch transactions),
    /// shared through Redis.
    /// </summary>
    public Task<string> TextAsync(string what, DataVersion version, Func<CancellationToken, Task<string>> build, CancellationToken cancellationToken) => off
        ? build(cancellationToken)
        : GetAsync($"text:{what}:{version}", build, DataEntry, cancellationToken);

    public Task<PipelineStatus> GetPipelineAsync(DataVersion version, CancellationToken cancellationToken) => off
        ? source.GetPipelineAsync(cancellationToken)
        : GetAsync($"pipeline:{version}:{Second()}", source.GetPipelineAsync, ClockEntry, cancellationToken);

    /// <summary>
    /// A value built in this process from cached parts for this second (the live snapshot): kept in memory only, so
    /// every viewer of one tick gets one instance.
    /// </summary>
    public async Task<string> LocalAsync(string what, DataVersion version, Func<CancellationToken, Task<string>> build, CancellationToken cancellationToken) => off
        ? await build(cancellationToken)
        : await cache.GetOrCreateAsync($"{what}:{version}:{Second()}", build, static (build, ct) => new ValueTask<string>(build(ct)), LocalClockEntry, cancellationToken: cancellationToken);

    public async Task<CacheHealth> HealthAsync()
    {
        if (off)
        {
            return new CacheHealth("off", "none", null, "ok");
        }

        if (redis is null)
        {
            return new CacheHealth("memory", "none", null, "ok");
        }

        var (ok, error) = await redis.PingAsync();
        return new CacheHealth("memory", "redis", redis.Endpoint, ok ? "ok" : "unavailable", error);
    }

    /// <summary>Every option that changes an answer, in a fixed order; free text escaped so no two option sets share a key.</summary>
    public static string Describe(ReportOptions options)
    {
        var text = new StringBuilder(96);
        text.Append(options.Date.ToString()).Append('|')
            .Append(Escape(options.TimeZone)).Append('|')
            .Append(Escape(options.Country)).Append('|')
            .Append(Escape(options.Product)).Append('|')
            .Append(options.Limit?.ToString(CultureInfo.InvariantCulture)).Append('|')
            .Append(options.IncludeBots ? '1' : '0').Append('|')
            .Append(options.CountryBy == CountrySource.Store ? "store" : "ip").Append('|')
            .Append(options.IncludeInternal ? '1' : '0').Append('|')
            .Append(options.Breakdown?.ToString()).Append('|')
            // A rate table is named by its source and base (one table per dashboard process); a funnel by its whole definition.
            .Append(Escape(options.Fx?.Source)).Append(':').Append(Escape(options.Fx?.BaseCurrency)).Append('|')
            // Issue 18: a range's end, the sales source, the category filter and the ranking.
            .Append(options.Until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('|')
            .Append(options.Source == SalesSource.Commerce ? "commerce" : "clickstream").Append('|')
            .Append(Escape(options.Category)).Append('|')
            .Append(options.ByUnits ? '1' : '0').Append('|');
        if (options.Funnel is { } funnel)
        {
            text.Append(Escape(funnel.Name)).Append(':').Append(funnel.Mode).Append(':').Append(funnel.Window.Ticks.ToString(CultureInfo.InvariantCulture)).Append(':');
            foreach (var step in funnel.Steps)
            {
                text.Append(Escape(step.ToString())).Append(';');
            }
        }

        text.Append('|');
        foreach (var collection in options.ViewCollections)
        {
            text.Append(Escape(collection)).Append(',');
        }

        return text.ToString();
    }

    private async Task<T> GetAsync<T>(string key, Func<CancellationToken, Task<T>> compute, HybridCacheEntryOptions entry, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(
            key,
            (Key: key, Compute: compute, Redis: redis),
            static async (state, ct) => state.Redis is { } shared
                ? await shared.FillOnceAsync(state.Key, state.Compute, ct)
                : await state.Compute(ct),
            entry,
            cancellationToken: cancellationToken);

    /// <summary>
    /// Whether the KPIs' day may be today for the report service's clock (whose window then ends now): any day but a
    /// fixed one more than a day away from today here, which leaves room for a clock that differs by hours.
    /// </summary>
    private bool MayBeToday(ReportOptions options)
    {
        if (options.Date.Kind != ReportDateKind.Day || !TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone))
        {
            return true;
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(time.GetUtcNow(), zone).DateTime);
        return Math.Abs(options.Date.Day.DayNumber - today.DayNumber) <= 1;
    }

    private string Second() => time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    // "=" marks a present value (escaping never produces a bare "="), so null and "" and "-" all differ.
    private static string Escape(string? value) => value is null ? "" : "=" + Uri.EscapeDataString(value);
}
