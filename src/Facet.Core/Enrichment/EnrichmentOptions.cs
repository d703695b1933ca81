namespace Facet.Core.Enrichment;

/// <summary>
/// Where the enrichment data lives and how big the caches may grow. Unset paths are found by
/// <see cref="EnrichmentData.Locate"/> (explicit <see cref="DataDirectory"/> &gt; FACET_DATA_DIR &gt;
/// &lt;app&gt;/data &gt; build/data/node_modules in a parent directory).
/// </summary>
public sealed class EnrichmentOptions
{
    /// <summary>
    /// IP databases, tried in order (DB-IP/ip-location-db or MaxMind City <c>.mmdb</c>, IP2Location <c>.BIN</c>).
    /// Empty: the DB-IP City Lite IPv4 and IPv6 files of the data directory. <c>--geoip PATH</c> sets this.
    /// </summary>
    public IList<string> GeoIpPaths { get; init; } = [];

    /// <summary>uap-core <c>regexes.yaml</c>; null: the one in the data directory.</summary>
    public string? UaRegexesPath { get; init; }

    /// <summary>Explicit data directory (flag or config); null: discovered.</summary>
    public string? DataDirectory { get; init; }

    /// <summary>Distinct user-agent strings kept parsed (the cache holds at most twice this many).</summary>
    public int UaCacheSize { get; init; } = 20_000;

    /// <summary>How the uap-core regexes are built (default: interpreted; BENCHMARKS.md, issue 22).</summary>
    public UaRegexCompilation UaRegexCompilation { get; init; } = UaRegexCompilation.Interpreted;

    /// <summary>Distinct IP strings kept located (at most twice this many).</summary>
    public int IpCacheSize { get; init; } = 100_000;

    /// <summary>Distinct page URLs kept analysed (at most twice this many; referrers are cached per host).</summary>
    public int UrlCacheSize { get; init; } = DefaultUrlCacheSize;

    /// <summary>
    /// 16,000: analysing a URL again costs ~0.6 µs, while every cached page keeps a few objects alive (a node, its
    /// <see cref="UrlInfo"/> and texts) that each full collection marks. Against 50,000, five alternated 2M-line loads
    /// → PostgreSQL peaked 27 MiB lower on average (each run lower than its pair) for the same CPU (issue 22,
    /// BENCHMARKS.md).
    /// </summary>
    public const int DefaultUrlCacheSize = 16_000;

    /// <summary>Reopen an IP database when its file changes (replace it by rename for an atomic swap).</summary>
    public bool WatchGeoIpFiles { get; init; } = true;
}
