namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// A row of <c>revenue</c>: one breakdown value (an hour, a day, a store…) and one currency — or, with a rate table,
/// the base currency and the rate dates used (<see cref="RateDates"/>, e.g. "GBP 2026-11-30 USD 2026-11-29").
/// </summary>
public sealed record RevenueRow(object Key, string Currency, long Orders, decimal Units, decimal Revenue, decimal AverageOrderValue, string? RateDates = null) : ReportRow
{
    public override IReadOnlyList<object?> Values => RateDates is null
        ? [Key, Currency, Orders, Units, Revenue, AverageOrderValue]
        : [Key, Currency, Orders, Units, Revenue, AverageOrderValue, RateDates];
}
