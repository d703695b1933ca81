using System.Data.Common;
using Facet.Storage.Reports.Commerce;
using Facet.Storage.Reports.Shop;

namespace Facet.Storage.Reports;

/// <summary>
/// The Commerce page's KPI cards (issue 18), by the commerce reports' rules and from their queries (ReportService.Shop*.cs:
/// the same period, outcome, revenue, currency, category and country), so a card always equals the sum of its panel;
/// plus each entity stream's freshness and the pickers' choices (Sql/Reports/*/commerce_kpis.*.sql).
/// </summary>
public sealed partial class ReportService
{
    public async Task<CommerceKpis> GetCommerceKpisAsync(CommerceKpiQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var zone = ReportZone.Find(query.TimeZone);
        var options = new ReportOptions
        {
            Date = query.Date,
            TimeZone = zone.Id,
            Source = SalesSource.Commerce,
            Category = Filter(query.Category, "category"),
            Country = Filter(query.Country, "country"),
        };
        await using var connection = await _database.OpenAsync(cancellationToken);
        var now = _time.GetUtcNow();
        DateOnly? day = query.Date.Kind switch
        {
            ReportDateKind.Day => query.Date.Day,
            ReportDateKind.Today => zone.LocalDate(now.UtcDateTime),
            _ => await LatestShopDayAsync(connection, zone, options, cancellationToken),
        };

        var revenue = new List<CurrencyRevenue>();
        long sessions = 0, converted = 0;
        if (day is { } d)
        {
            var period = new ShopPeriod(d, d.AddDays(1), zone.StartOfDayUtc(d), zone.StartOfDayUtc(d.AddDays(1)));
            var lines = await ReadShopLinesAsync(connection, options, period, cancellationToken);
            var orders = await ReadShopOrdersAsync(connection, options, period, cancellationToken);
            if (options.Category is not null)
            {
                // An order counts for a category when it holds a line of it.
                var inCategory = lines.Select(l => l.OrderId).ToHashSet(StringComparer.Ordinal);
                orders = orders.Where(o => inCategory.Contains(o.OrderId)).ToList();
            }

            var sold = lines.Where(l => l.Outcome == ShopOutcome.Successful).ToList();
            foreach (var currency in orders.Select(o => o.Currency).Concat(sold.Select(l => l.Currency)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
            {
                var own = orders.Where(o => o.Currency == currency).ToList();
                var paid = sold.Where(l => l.Currency == currency).ToList();
                var amount = paid.Sum(l => l.Revenue);
                long paidOrders = paid.Select(l => l.OrderId).Distinct(StringComparer.Ordinal).Count();
                revenue.Add(new CurrencyRevenue(
                    currency,
                    own.Count,
                    own.LongCount(o => o.Outcome == ShopOutcome.Successful),
                    own.LongCount(o => o.Outcome == ShopOutcome.Failed),
                    paid.Sum(l => l.Quantity),
                    amount,
                    paidOrders == 0 ? null : Aov(amount, paidOrders)));
            }

            // Conversion: the day's click-stream sessions, and those an order of the day names (any outcome).
            await using var command = ShopCommand(connection, "shop.sessions", options, period);
            var seen = (await ReadAllAsync(command, r => r.GetString(0), cancellationToken)).ToHashSet(StringComparer.Ordinal);
            sessions = seen.Count;
            converted = orders.Where(o => o.SessionId is not null).Select(o => o.SessionId!).Distinct(StringComparer.Ordinal).LongCount(seen.Contains);
        }

        var streams = new List<StreamFreshness>();
        await using (var command = Command(connection, "commerce_kpis.freshness", 0))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                streams.Add(new StreamFreshness(
                    reader.GetString(0),
                    reader.GetInt64(1),
                    reader.IsDBNull(2) ? null : new DateTimeOffset(FromMicros(reader.GetInt64(2))),
                    reader.IsDBNull(3) ? null : new DateTimeOffset(FromMicros(reader.GetInt64(3))),
                    null).AsOf(now));
            }
        }

        var categories = new List<string>();
        var countries = new List<string>();
        await using (var command = Command(connection, "commerce_kpis.choices", 0))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                (reader.GetString(0) == "category" ? categories : countries).Add(reader.GetString(1));
            }
        }

        return new CommerceKpis(
            now,
            day,
            zone.Id,
            options.Category,
            options.Country,
            revenue.Sum(r => r.Orders),
            revenue.Sum(r => r.SuccessfulOrders),
            revenue.Sum(r => r.FailedOrders),
            revenue,
            sessions,
            converted,
            sessions == 0 ? null : (double)converted / sessions,
            streams,
            categories,
            countries);
    }

    private static string? Filter(string? value, string name)
    {
        var text = value?.Trim() ?? "";
        if (text.Length > 200)
        {
            throw new ReportOptionsException($"{name} must be at most 200 characters (got {text.Length}): pick one from the page's {name} list");
        }

        return text.Length == 0 ? null : text;
    }

    /// <summary>latest: the local day of the newest commerce event, the same day the commerce reports resolve.</summary>
    private async Task<DateOnly?> LatestShopDayAsync(DbConnection connection, ReportZone zone, ReportOptions options, CancellationToken cancellationToken)
    {
        await using var command = ShopCommand(connection, "shop.latest", options);
        return ToNullableInt64(await command.ExecuteScalarAsync(cancellationToken)) is { } us ? zone.LocalDate(FromMicros(us)) : null;
    }
}
