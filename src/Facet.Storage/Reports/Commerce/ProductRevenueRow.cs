namespace Facet.Storage.Reports.Commerce;

/// <summary>A row of <c>top-products-by-revenue</c>: ranked within its currency (or in the base currency with a rate table).</summary>
public sealed record ProductRevenueRow(int Rank, string ProductId, string? ProductName, string Currency, decimal Units, decimal Revenue, long Orders, string? RateDates = null) : ReportRow
{
    public override IReadOnlyList<object?> Values => RateDates is null
        ? [Rank, ProductId, ProductName, Currency, Units, Revenue, Orders]
        : [Rank, ProductId, ProductName, Currency, Units, Revenue, Orders, RateDates];
}
