namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// The Commerce page's KPI cards for one day (docs/reports.md, "Commerce KPIs"): orders and revenue per currency
/// (revenue of successful orders only), sessions with a click-stream event that day and how many of them an order of
/// that day names (<see cref="Conversion"/> = with order ÷ sessions, null without sessions), each entity stream's freshness, and
/// the categories and countries the pickers offer. <see cref="Day"/> is null when the warehouse has no commerce data.
/// </summary>
// Immutable (never changed after it is built): caches may hand the same instance to every reader without a copy.
[System.ComponentModel.ImmutableObject(true)]
public sealed record CommerceKpis(
    DateTimeOffset At,
    DateOnly? Day,
    string TimeZone,
    string? Category,
    string? Country,
    long Orders,
    long SuccessfulOrders,
    long FailedOrders,
    IReadOnlyList<CurrencyRevenue> Revenue,
    long Sessions,
    long SessionsWithOrder,
    double? Conversion,
    IReadOnlyList<StreamFreshness> Streams,
    IReadOnlyList<string> Categories,
    IReadOnlyList<string> Countries)
{
    /// <summary>The same figures seen at <paramref name="now"/>: each stream's freshness recomputed.</summary>
    public CommerceKpis AsOf(DateTimeOffset now) => this with { At = now, Streams = Streams.Select(s => s.AsOf(now)).ToList() };
}
