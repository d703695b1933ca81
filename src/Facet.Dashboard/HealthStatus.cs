using Facet.Dashboard.Caching;

namespace Facet.Dashboard;

/// <summary>
/// Body of <c>GET /api/health</c>: "ok", or "unavailable" with the reason the warehouse cannot be read; and the report
/// cache's levels and state (Redis being down is reported here, never as a failed request).
/// </summary>
public sealed record HealthStatus(string Status, string? Error = null, CacheHealth? Cache = null);
