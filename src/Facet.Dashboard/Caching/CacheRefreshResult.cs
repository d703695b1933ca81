namespace Facet.Dashboard.Caching;

/// <summary>
/// What <see cref="ReportCacheRefresh"/> did: the data version it warmed, the answers it computed or found (by name),
/// where they went (<c>redis HOST:PORT</c>, or <c>memory</c>: this process only), and how many entries of older data
/// versions it removed from Redis.
/// </summary>
public sealed record CacheRefreshResult(string Version, IReadOnlyList<string> Warmed, string Level, int Removed);
