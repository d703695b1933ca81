using System.Data.Common;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Reports;

/// <summary>The Commerce page's KPI cards from the commerce star schema (V006); SQL in Sql/Reports/*/commerce_kpis.*.sql.</summary>
public sealed partial class ReportService
{
    /// <summary>No currency on the order: ISO 4217's code for "no currency", so the cards never merge it with a real one.</summary>
    private const string NoCurrency = "XXX";

    public async Task<CommerceKpis> GetCommerceKpisAsync(CommerceKpiQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var zone = ReportZone.Find(query.TimeZone);
        var category = Filter(query.Category, "category");
        var country = Filter(query.Country, "country");
        await using var connection = await _database.OpenAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var day = query.Date.Kind switch
        {
            ReportDateKind.Day => query.Date.Day,
            ReportDateKind.Today => zone.LocalDate(now.UtcDateTime),
            _ => await LatestCommerceDayAsync(connection, zone, cancellationToken),
        };

        var revenue = new List<CurrencyRevenue>();
        long sessions = 0, converted = 0;
        if (day is { } d)
        {
            var (from, to) = zone.DayRange(d);
            await using (var command = Command(connection, "commerce_kpis.orders", 0))
            {
                BindCommerceFilters(command, from, to, category, country);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    var successful = reader.GetInt64(2);
                    var amount = reader.GetDecimal(5);
                    revenue.Add(new CurrencyRevenue(
                        reader.IsDBNull(0) ? NoCurrency : reader.GetString(0),
                        reader.GetInt64(1),
                        successful,
                        reader.GetInt64(3),
                        reader.GetInt64(4),
                        amount,
                        successful == 0 ? null : decimal.Round(amount / successful, 4)));
                }
            }

            await using (var command = Command(connection, "commerce_kpis.sessions", 0))
            {
                BindCommerceFilters(command, from, to, category, country);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                if (await reader.ReadAsync(cancellationToken))
                {
                    sessions = reader.GetInt64(0);
                    converted = reader.GetInt64(1);
                }
            }
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
            category.Length == 0 ? null : category,
            country.Length == 0 ? null : country,
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

    private static string Filter(string? value, string name)
    {
        var text = value?.Trim() ?? "";
        return text.Length <= 200 ? text : throw new ReportOptionsException($"{name} must be at most 200 characters (got {text.Length}): pick one from the page's {name} list");
    }

    private async Task<DateOnly?> LatestCommerceDayAsync(DbConnection connection, ReportZone zone, CancellationToken cancellationToken)
    {
        await using var command = Command(connection, "commerce_kpis.latest", 0);
        return ToNullableInt64(await command.ExecuteScalarAsync(cancellationToken)) is { } us ? zone.LocalDate(FromMicros(us)) : null;
    }

    private void BindCommerceFilters(DbCommand command, DateTime from, DateTime to, string category, string country)
    {
        BindRange(command, from, to);
        Bind(command, "category", category);
        Bind(command, "country", country);
    }
}
