namespace Facet.Storage.Reports.Commerce;

/// <summary>One fact of a funnel's step collections, as <see cref="FunnelCounter"/> reads it.</summary>
internal sealed record FunnelEvent(string EventId, long TimeMicros, string Collection, string? ProductId, EventAttributes Attributes);
