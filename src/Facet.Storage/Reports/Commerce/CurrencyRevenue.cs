namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// One currency's KPI figures for a day (amounts in that currency's major unit; currencies are never summed; an order
/// without one is "(unknown)"): orders placed, the successful and failed ones (the order outcome of docs/reports.md),
/// units and revenue of the successful ones (merchandise: quantity × unit price at order time), and the average order
/// value = revenue ÷ successful orders with a line, rounded to 2 places half away from zero (null without one). With a
/// category, only orders holding a line of it count, and only those lines' units and revenue.
/// </summary>
public sealed record CurrencyRevenue(
    string Currency,
    long Orders,
    long SuccessfulOrders,
    long FailedOrders,
    long Units,
    decimal Revenue,
    decimal? AverageOrderValue);
