namespace Facet.Dashboard;

/// <summary>Where the dashboard listens and how it reports. Bound from the "Dashboard" configuration section and the CLI flags.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Address to bind; loopback by default so nothing is exposed unless asked for.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>
    /// When set, every request (API, SSE, metrics, page) must carry it: <c>Authorization: Bearer TOKEN</c>, or the
    /// cookie set by opening the page once with <c>?token=TOKEN</c>. Required to bind beyond loopback unless
    /// <see cref="AllowAnonymousRemote"/> is set (the CLI enforces it).
    /// </summary>
    public string? AuthToken { get; set; }

    /// <summary>Explicit opt-out (<c>--no-auth</c>): serve a non-loopback address without a token.</summary>
    public bool AllowAnonymousRemote { get; set; }

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 5080;

    /// <summary>IANA time zone of the page's days and hours, unless a request names another (tz=…).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How often <c>/api/live</c> pushes a fresh snapshot.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The report cache's shared level, <c>redis://HOST:PORT</c> (<c>--cache</c>); null keeps it in this process only; "off" disables it.
    /// Several dashboards on one Redis share answers and compute each one once. See docs/cache.md.
    /// </summary>
    public string? Cache { get; set; }

    /// <summary>Prefix of every key the cache writes to Redis (one Redis can serve several warehouses under different prefixes).</summary>
    public string CacheKeyPrefix { get; set; } = "facet:";

    /// <summary>Clock of the cache's "today" and of its per-second keys; the report service's clock in tests.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>Collections that count as a view.</summary>
    public IReadOnlyList<string> ViewCollections { get; set; } = [Facet.Storage.Reports.ReportOptions.DefaultViewCollection];

    /// <summary>A rate table: revenue reports and KPI cards are then converted to its base currency (<c>--fx</c>).</summary>
    public Facet.Storage.Reports.Commerce.FxRates? Fx { get; set; }

    /// <summary>The funnels <c>funnel=NAME</c> can name (<c>--funnels</c>); the built-in shop funnel by default.</summary>
    public Facet.Storage.Reports.Commerce.FunnelCatalog Funnels { get; set; } = Facet.Storage.Reports.Commerce.FunnelCatalog.Default;

    /// <summary>The state and reason of a stream processor running in this process (the demo), shown by /api/pipeline.</summary>
    public Func<(string State, string? Reason)?>? WorkerState { get; set; }
}
