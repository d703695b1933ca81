using System.Data.Common;
using Facet.Storage.Reports.Commerce;
using Facet.Storage.Reports.Shop;

namespace Facet.Storage.Reports;

/// <summary>
/// The commerce reports over orders (issue 18): revenue, orders, top products and categories, payment methods,
/// promos, new vs returning. Every order bucket is fact_order.created_at in the report's zone; money is summed per
/// currency (never across), over successful orders only (<see cref="ShopOutcomes"/>); a line's revenue is quantity ×
/// its price at order time. Definitions: docs/reports.md, "Commerce reports".
/// </summary>
public sealed partial class ReportService
{
    private readonly record struct ShopOrder(
        string OrderId, DateTime Utc, string CustomerId, string? SessionId, string? PaymentMethod, string Currency,
        string? PromoCode, decimal? PromoAmount, ShopOutcome Outcome);

    private readonly record struct ShopLine(
        string OrderId, DateTime Utc, string ProductId, string? Name, string? Category, long Quantity, decimal Revenue, string Currency, ShopOutcome Outcome);

    private async Task<List<ShopOrder>> ReadShopOrdersAsync(DbConnection connection, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        await using var command = ShopCommand(connection, "shop.orders", options, period);
        return await ReadAllAsync(command, r => new ShopOrder(
            r.GetString(0), FromMicros(r.GetInt64(1)), r.GetString(2), NullableString(r, 3), NullableString(r, 5),
            OrUnknown(NullableString(r, 7)), NullableString(r, 8), r.IsDBNull(9) ? null : r.GetDecimal(9),
            ShopOutcomes.Of(NullableString(r, 4), NullableString(r, 6))), cancellationToken);
    }

    /// <summary>The period's order lines; a line without any price (neither its own nor a product version's) adds units but no revenue.</summary>
    private async Task<List<ShopLine>> ReadShopLinesAsync(DbConnection connection, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        await using var command = ShopCommand(connection, "shop.order_lines", options, period);
        return await ReadAllAsync(command, r =>
        {
            long quantity = r.GetInt32(5);
            var price = r.IsDBNull(6) ? 0m : r.GetDecimal(6);
            return new ShopLine(
                r.GetString(0), FromMicros(r.GetInt64(1)), r.GetString(2), NullableString(r, 3), NullableString(r, 4), quantity,
                price * quantity, OrUnknown(NullableString(r, 7)), ShopOutcomes.Of(NullableString(r, 8), NullableString(r, 9)));
        }, cancellationToken);
    }

    private async Task<List<ReportRow>> ShopRevenueAsync(DbConnection connection, ReportOptions options, ReportZone zone, ShopPeriod period, CancellationToken cancellationToken)
    {
        var bucket = ShopBucket(options, period);
        var lines = await ReadShopLinesAsync(connection, options, period, cancellationToken);
        var rows = lines.Where(l => l.Outcome == ShopOutcome.Successful)
            .GroupBy(l => (Key: ShopBucketKey(bucket, zone, period, l.Utc), l.Currency))
            .Select(g =>
            {
                var revenue = g.Sum(l => l.Revenue);
                long orders = g.Select(l => l.OrderId).Distinct(StringComparer.Ordinal).Count();
                return (g.Key.Key, g.Key.Currency, Row: new ShopRow(g.Key.Key, g.Key.Currency, orders, g.Sum(l => l.Quantity), revenue, Aov(revenue, orders)));
            })
            .OrderBy(r => r.Key, Comparer<object>.Create(CompareKeys)).ThenBy(r => r.Currency, StringComparer.Ordinal)
            .Select(r => (ReportRow)r.Row);
        return Limited(rows, options);
    }

    private async Task<List<ReportRow>> ShopOrdersAsync(DbConnection connection, ReportOptions options, ReportZone zone, ShopPeriod period, CancellationToken cancellationToken)
    {
        var bucket = ShopBucket(options, period);
        var orders = await ReadShopOrdersAsync(connection, options, period, cancellationToken);
        var rows = orders.GroupBy(o => ShopBucketKey(bucket, zone, period, o.Utc))
            .OrderBy(g => g.Key, Comparer<object>.Create(CompareKeys))
            .Select(g => (ReportRow)new ShopRow(g.Key, g.LongCount(), Count(g, ShopOutcome.Successful), Count(g, ShopOutcome.Failed), Count(g, ShopOutcome.Pending), Count(g, ShopOutcome.Cancelled)));
        return Limited(rows, options);

        static long Count(IEnumerable<ShopOrder> orders, ShopOutcome outcome) => orders.LongCount(o => o.Outcome == outcome);
    }

    private async Task<List<ReportRow>> ShopTopProductsAsync(DbConnection connection, ReportKind kind, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        var limit = options.Limit ?? ReportCatalog.DefaultLimitOf(kind) ?? 10;
        var sold = (await ReadShopLinesAsync(connection, options, period, cancellationToken)).Where(l => l.Outcome == ShopOutcome.Successful).ToList();
        if (kind == ReportKind.TopProductsByUnits)
        {
            var byUnits = sold.GroupBy(l => l.ProductId, StringComparer.Ordinal)
                .Select(g => (Product: g.Key, g.First().Name, g.First().Category, Units: g.Sum(l => l.Quantity), Orders: (long)g.Select(l => l.OrderId).Distinct(StringComparer.Ordinal).Count()));
            return RankWithin(byUnits, _ => "", g => g.OrderByDescending(p => p.Units).ThenBy(p => p.Product, StringComparer.Ordinal), limit,
                (rank, p) => new ShopRow(rank, p.Product, p.Name, p.Category, p.Units, p.Orders));
        }

        var byRevenue = sold.GroupBy(l => (l.ProductId, l.Currency))
            .Select(g => (Product: g.Key.ProductId, g.Key.Currency, g.First().Name, g.First().Category, Units: g.Sum(l => l.Quantity), Revenue: g.Sum(l => l.Revenue),
                Orders: (long)g.Select(l => l.OrderId).Distinct(StringComparer.Ordinal).Count()));
        return RankWithin(byRevenue, p => p.Currency, g => g.OrderByDescending(p => p.Revenue).ThenBy(p => p.Product, StringComparer.Ordinal), limit,
            (rank, p) => new ShopRow(rank, p.Product, p.Name, p.Category, p.Currency, p.Units, p.Revenue, p.Orders));
    }

    private async Task<List<ReportRow>> ShopTopCategoriesAsync(DbConnection connection, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        var limit = options.Limit ?? ReportCatalog.DefaultLimitOf(ReportKind.TopCategories) ?? 10;
        var categories = (await ReadShopLinesAsync(connection, options, period, cancellationToken))
            .Where(l => l.Outcome == ShopOutcome.Successful)
            .GroupBy(l => (Category: OrUnknown(l.Category), l.Currency))
            .Select(g => (g.Key.Category, g.Key.Currency, Units: g.Sum(l => l.Quantity), Revenue: g.Sum(l => l.Revenue), Orders: (long)g.Select(l => l.OrderId).Distinct(StringComparer.Ordinal).Count()));
        return RankWithin(categories, c => c.Currency,
            g => (options.ByUnits ? g.OrderByDescending(c => c.Units).ThenByDescending(c => c.Revenue) : g.OrderByDescending(c => c.Revenue).ThenByDescending(c => c.Units))
                .ThenBy(c => c.Category, StringComparer.Ordinal),
            limit, (rank, c) => new ShopRow(rank, c.Category, c.Currency, c.Units, c.Revenue, c.Orders));
    }

    private async Task<List<ReportRow>> ShopPaymentMethodsAsync(DbConnection connection, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        var orders = await ReadShopOrdersAsync(connection, options, period, cancellationToken);
        var revenue = OrderRevenue(await ReadShopLinesAsync(connection, options, period, cancellationToken));
        var rows = orders.GroupBy(o => (Method: OrUnknown(o.PaymentMethod), o.Currency))
            .Select(g =>
            {
                var failed = g.LongCount(o => o.Outcome == ShopOutcome.Failed);
                var successful = g.Where(o => o.Outcome == ShopOutcome.Successful).ToList();
                return (g.Key.Method, g.Key.Currency, Orders: g.LongCount(),
                    Row: new ShopRow(g.Key.Method, g.LongCount(), (long)successful.Count, failed, Rate(failed, g.LongCount()), g.Key.Currency, successful.Sum(o => revenue.GetValueOrDefault(o.OrderId))));
            })
            .OrderBy(r => r.Currency, StringComparer.Ordinal).ThenByDescending(r => r.Orders).ThenBy(r => r.Method, StringComparer.Ordinal)
            .Select(r => (ReportRow)r.Row);
        return Limited(rows, options);
    }

    private async Task<List<ReportRow>> ShopPromosAsync(DbConnection connection, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        var rows = (await ReadShopOrdersAsync(connection, options, period, cancellationToken))
            .Where(o => o.Outcome == ShopOutcome.Successful && !string.IsNullOrEmpty(o.PromoCode))
            .GroupBy(o => (Code: o.PromoCode!, o.Currency))
            .Select(g => (g.Key.Code, g.Key.Currency, Orders: g.LongCount(), Discount: g.Sum(o => o.PromoAmount ?? 0m)))
            .OrderBy(p => p.Currency, StringComparer.Ordinal).ThenByDescending(p => p.Orders).ThenBy(p => p.Code, StringComparer.Ordinal)
            .Select(p => (ReportRow)new ShopRow(p.Code, p.Orders, p.Currency, p.Discount));
        return Limited(rows, options);
    }

    private async Task<List<ReportRow>> ShopNewVsReturningAsync(DbConnection connection, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        var orders = (await ReadShopOrdersAsync(connection, options, period, cancellationToken)).Where(o => o.Outcome == ShopOutcome.Successful).ToList();
        var revenue = OrderRevenue(await ReadShopLinesAsync(connection, options, period, cancellationToken));
        Dictionary<string, DateTime> firstPaid;
        await using (var command = ShopCommand(connection, "shop.first_orders", options, period))
        {
            firstPaid = (await ReadAllAsync(command, r => (Customer: r.GetString(0), First: FromMicros(r.GetInt64(1))), cancellationToken))
                .ToDictionary(f => f.Customer, f => f.First, StringComparer.Ordinal);
        }

        // New: the customer's first successful order ever lies in the period; returning: one before it.
        var rows = orders.GroupBy(o => (Type: firstPaid.TryGetValue(o.CustomerId, out var first) && first < period.From ? "returning" : "new", o.Currency))
            .OrderBy(g => g.Key.Type, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal)
            .Select(g => (ReportRow)new ShopRow(g.Key.Type, (long)g.Select(o => o.CustomerId).Distinct(StringComparer.Ordinal).Count(), g.LongCount(), g.Key.Currency,
                g.Sum(o => revenue.GetValueOrDefault(o.OrderId))));
        return Limited(rows, options);
    }

    private static Dictionary<string, decimal> OrderRevenue(List<ShopLine> lines)
    {
        var revenue = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            revenue[line.OrderId] = revenue.GetValueOrDefault(line.OrderId) + line.Revenue;
        }

        return revenue;
    }

    private static List<ReportRow> Limited(IEnumerable<ReportRow> rows, ReportOptions options) => options.Limit is { } limit ? [.. rows.Take(limit)] : [.. rows];
}
