namespace Facet.Dashboard;

/// <summary>Body of <c>GET /api/health</c>.</summary>
public sealed record HealthStatus(string Status);
