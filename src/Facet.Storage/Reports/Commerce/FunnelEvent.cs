using Facet.Core.Events;

namespace Facet.Storage.Reports.Commerce;

/// <summary>One fact of a funnel's step collections, as <see cref="FunnelCounter"/> reads it.</summary>
internal sealed record FunnelEvent(IdText EventId, long TimeMicros, string Collection, string? ProductId, EventAttributes Attributes);
