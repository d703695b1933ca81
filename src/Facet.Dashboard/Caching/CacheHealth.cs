namespace Facet.Dashboard.Caching;

/// <summary>
/// The report cache in <c>/api/health</c>: level 1 is always this process's memory; level 2 is "redis" (with
/// <c>--cache</c>) or "none". <see cref="State"/> is "ok", or "unavailable" with the reason while Redis cannot be
/// reached (reports are then served from memory and the warehouse).
/// </summary>
public sealed record CacheHealth(string Level1, string Level2, string? Endpoint, string State, string? Error = null);
