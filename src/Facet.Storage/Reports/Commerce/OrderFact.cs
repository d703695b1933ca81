namespace Facet.Storage.Reports.Commerce;

/// <summary>A checkout_success fact as the revenue reports read it: its countable cart lines and breakdown attributes.</summary>
internal sealed record OrderFact(
    string EventId,
    DateTime TimeUtc,
    string? DeviceId,
    IReadOnlyList<OrderLine> Lines,
    EventAttributes Attributes);
