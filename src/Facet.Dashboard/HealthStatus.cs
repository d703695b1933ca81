namespace Facet.Dashboard;

/// <summary>Body of <c>GET /api/health</c>: "ok", or "unavailable" with the reason the warehouse cannot be read.</summary>
public sealed record HealthStatus(string Status, string? Error = null);
