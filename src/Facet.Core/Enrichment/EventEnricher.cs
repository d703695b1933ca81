using Facet.Core.Enrichment.Internal;
using Facet.Core.Events;

namespace Facet.Core.Enrichment;

/// <summary>
/// Adds location, store, user agent, URL and referrer attributes to accepted events. Every lookup is cached (IP, UA,
/// page URL, referrer host; each cache bounded), so the per-event cost on warm caches is a few dictionary hits and one
/// <see cref="EnrichedEvent"/>. <see cref="ShopEvent.UtmSource"/>/<see cref="ShopEvent.UtmMedium"/> sent with the event
/// win over the utm_* parameters of its URL. Thread-safe: one instance serves every worker.
/// </summary>
public sealed class EventEnricher : IDisposable
{
    private readonly IpGeolocator _geolocator;
    private readonly UserAgentParser _userAgents;
    private readonly bool _ownsGeolocator;
    private readonly BoundedCache<string, PageInfo> _pages;

    // Issue 22: the page cache above holds tens of thousands of entries, but a page's store and a referrer's class are
    // functions of the host alone, and a shop has a few hundred hosts: one shared result per host instead of one per URL
    // (a StoreInfo and two strings, a ReferrerInfo and its host, the page's host text) — objects every full collection
    // marks. For the same reason a cached page is a struct in its cache node, not one more object, and a referrer is
    // looked up by its host's chars with no cache per referrer URL at all.
    private readonly BoundedCache<string, HostInfo> _hosts = new(HostCacheSize, StringComparer.Ordinal);
    private readonly BoundedCache<string, ReferrerInfo> _referrersByHost = new(HostCacheSize, StringComparer.Ordinal);

    private const int HostCacheSize = 4_096;
    private const int MaxStackHost = 256;

    public EventEnricher(IpGeolocator geolocator, UserAgentParser userAgents, int urlCacheSize = EnrichmentOptions.DefaultUrlCacheSize, bool ownsGeolocator = true)
    {
        _geolocator = geolocator ?? throw new ArgumentNullException(nameof(geolocator));
        _userAgents = userAgents ?? throw new ArgumentNullException(nameof(userAgents));
        _ownsGeolocator = ownsGeolocator;
        _pages = new BoundedCache<string, PageInfo>(Math.Max(1, urlCacheSize), StringComparer.Ordinal);
    }

    public IpGeolocator Geolocator => _geolocator;

    public UserAgentParser UserAgents => _userAgents;

    public StoreDomainResolver Stores { get; } = StoreDomainResolver.Default;

    public UrlAnalyzer Urls { get; } = UrlAnalyzer.Default;

    public ReferrerClassifier Referrers { get; } = ReferrerClassifier.Default;

    /// <summary>
    /// Opens the IP databases (<see cref="EnrichmentOptions.GeoIpPaths"/>, else DB-IP from the data directory) and
    /// loads the uap-core regexes. Throws <see cref="EnrichmentDataException"/> (one-line message naming the fix)
    /// when data is missing.
    /// </summary>
    public static EventEnricher Create(EnrichmentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EnrichmentDataFiles? located = null;
        EnrichmentDataFiles Located() => located ??= EnrichmentData.Locate(options.DataDirectory);

        var geoPaths = options.GeoIpPaths.Count > 0 ? [.. options.GeoIpPaths] : Located().GeoIpPaths;
        var regexes = options.UaRegexesPath ?? Located().UaRegexesPath;
        var userAgents = UserAgentParser.Load(regexes, options.UaCacheSize, options.UaRegexCompilation);
        var geolocator = IpGeolocator.Open(geoPaths, options.IpCacheSize, options.WatchGeoIpFiles);
        return new EventEnricher(geolocator, userAgents, options.UrlCacheSize);
    }

    public EnrichedEvent Enrich(ShopEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var location = _geolocator.Locate(e.Ip);
        var userAgent = _userAgents.Parse(e.UserAgent);
        var page = Page(e.CurrentUrl);
        var referrer = Referrer(e.ReferrerUrl, page.Url.Host);
        var url = page.Url;
        if ((e.UtmSource is { Length: > 0 } && !string.Equals(e.UtmSource, url.UtmSource, StringComparison.Ordinal))
            || (e.UtmMedium is { Length: > 0 } && !string.Equals(e.UtmMedium, url.UtmMedium, StringComparison.Ordinal)))
        {
            url = url with
            {
                UtmSource = e.UtmSource is { Length: > 0 } ? e.UtmSource : url.UtmSource,
                UtmMedium = e.UtmMedium is { Length: > 0 } ? e.UtmMedium : url.UtmMedium,
            };
        }

        return new EnrichedEvent(e, location, page.Store, userAgent, url, referrer);
    }

    /// <summary>The URL and store attributes of a page URL (cached).</summary>
    public (UrlInfo Url, StoreInfo Store) AnalyzePage(string? currentUrl)
    {
        var page = Page(currentUrl);
        return (page.Url, page.Store);
    }

    public void Dispose()
    {
        if (_ownsGeolocator)
        {
            _geolocator.Dispose();
        }
    }

    private PageInfo Page(string? currentUrl)
    {
        if (string.IsNullOrEmpty(currentUrl))
        {
            return PageInfo.Empty;
        }

        return _pages.GetOrAdd(currentUrl, static (url, self) => self.AnalyzeUncached(url), this);
    }

    private PageInfo AnalyzeUncached(string url)
    {
        var analyzed = Urls.Analyze(url);
        if (analyzed.Host is not { } host)
        {
            return new PageInfo(analyzed, StoreInfo.Unknown);
        }

        var shared = _hosts.GetOrAdd(host, static (h, stores) => new HostInfo(h, stores.ResolveHost(h)), Stores);
        return new PageInfo(ReferenceEquals(shared.Host, host) ? analyzed : analyzed with { Host = shared.Host }, shared.Store);
    }

    private ReferrerInfo Referrer(string? referrerUrl, string? currentHost)
    {
        if (string.IsNullOrEmpty(referrerUrl))
        {
            return ReferrerInfo.Direct;
        }

        // Looked up by the normalized host's chars, not cached per URL: a cache per referrer URL held tens of thousands
        // of entries and their URL texts, every one marked by each full collection, for a result of the host alone.
        Span<char> buffer = stackalloc char[MaxStackHost];
        var length = UrlText.NormalizedHost(referrerUrl, buffer);
        ReferrerInfo referrer;
        if (length == 0)
        {
            referrer = ReferrerInfo.Direct;
        }
        else if (length < 0 || !_referrersByHost.TryGet<ReadOnlySpan<char>>(buffer[..length], out referrer))
        {
            var host = length < 0 ? UrlText.NormalizedHost(referrerUrl)! : new string(buffer[..length]);
            referrer = _referrersByHost.GetOrAdd(host, static (h, referrers) => referrers.ClassifyHost(h), Referrers);
        }

        if (referrer.Medium != ReferrerMedium.Internal && currentHost is not null && string.Equals(referrer.Host, currentHost, StringComparison.Ordinal))
        {
            return referrer with { Medium = ReferrerMedium.Internal };
        }

        return referrer;
    }

    private readonly record struct PageInfo(UrlInfo Url, StoreInfo Store)
    {
        public static readonly PageInfo Empty = new(UrlInfo.Empty, StoreInfo.Unknown);
    }

    /// <summary>A page host's one shared text and store.</summary>
    private sealed record HostInfo(string Host, StoreInfo Store);
}
