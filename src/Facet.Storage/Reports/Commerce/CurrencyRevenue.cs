namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// One currency's KPI figures for a day (amounts in that currency's major unit; currencies are never summed): orders
/// placed, those whose payment succeeded and failed, units and revenue of the successful ones (merchandise: quantity ×
/// item price), and the average order value = revenue ÷ successful orders (null without one).
/// </summary>
public sealed record CurrencyRevenue(
    string Currency,
    long Orders,
    long SuccessfulOrders,
    long FailedOrders,
    long Units,
    decimal Revenue,
    decimal? AverageOrderValue);
