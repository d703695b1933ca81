using System.Data.Common;
using System.Globalization;
using Facet.Storage.Reports.Commerce;
using Facet.Storage.Reports.Shop;

namespace Facet.Storage.Reports;

/// <summary>
/// The commerce entity reports (issue 18) over the commerce star schema (V006): one embedded query per report and
/// dialect reads the period's facts (Sql/Reports/*/shop.*.sql, grouped where the grouping needs no time zone), and C#
/// buckets them in the report's zone, keeps currencies apart and ranks, with decimal money. A period is one local day
/// (<c>--date</c>) or the local days [<c>--from</c>, <c>--to</c>). Definitions: docs/reports.md, "Commerce reports".
/// </summary>
public sealed partial class ReportService
{
    private const string Unknown = "(unknown)";
    private const int MaxRangeDays = 366;

    /// <summary>The concrete period of a commerce report: its first day, its exclusive end day, and [From, To) in UTC.</summary>
    private readonly record struct ShopPeriod(DateOnly First, DateOnly Until, DateTime From, DateTime To)
    {
        public bool IsOneDay => Until == First.AddDays(1);

        public DateOnly LastDay => Until.AddDays(-1);
    }

    private static void ValidateRange(ReportKind kind, ReportOptions options)
    {
        if (options.Until is not { } until)
        {
            return;
        }

        if (options.Date.Kind != ReportDateKind.Day)
        {
            throw new ReportOptionsException($"--to needs --from YYYY-MM-DD (got --date {options.Date})");
        }

        var days = until.DayNumber - options.Date.Day.DayNumber;
        if (days < 1 || days > MaxRangeDays)
        {
            throw new ReportOptionsException($"--to must be 1 to {MaxRangeDays} days after --from (the end is exclusive; got --from {options.Date} --to {until:yyyy-MM-dd})");
        }

        var ranged = ReportCatalog.IsClickstreamCommerce(kind) || ShopFlags.IsShop(kind, options.Source);
        if (!ranged)
        {
            throw new ReportOptionsException($"{ReportCatalog.NameOf(kind)} covers one day: use --date (--from/--to apply to revenue, top-products-by-revenue, conversion, funnel and the commerce reports)");
        }

        if (options.Fx is not null)
        {
            throw new ReportOptionsException("--fx converts at one day's rates: use --date with --fx, not --from/--to");
        }
    }

    private async Task<ReportResult> RunShopAsync(DbConnection connection, ReportKind kind, ReportOptions options, ReportZone zone, CancellationToken cancellationToken)
    {
        DateOnly first;
        switch (options.Date.Kind)
        {
            case ReportDateKind.Day:
                first = options.Date.Day;
                break;
            case ReportDateKind.Today:
                first = zone.LocalDate(_time.GetUtcNow().UtcDateTime);
                break;
            default:
                await using (var latest = ShopCommand(connection, "shop.latest", options))
                {
                    if (ToNullableInt64(await latest.ExecuteScalarAsync(cancellationToken)) is not { } newest)
                    {
                        return new ReportResult(kind, null, zone.Id, ReportSourceKind.Empty, []) { ColumnNames = ShopColumns(kind, options, null) };
                    }

                    first = zone.LocalDate(FromMicros(newest));
                }

                break;
        }

        var until = options.Until ?? first.AddDays(1);
        var period = new ShopPeriod(first, until, zone.StartOfDayUtc(first), zone.StartOfDayUtc(until));
        IReadOnlyList<ReportRow> rows = kind switch
        {
            ReportKind.Revenue => await ShopRevenueAsync(connection, options, zone, period, cancellationToken),
            ReportKind.Orders => await ShopOrdersAsync(connection, options, zone, period, cancellationToken),
            ReportKind.TopProductsByRevenue or ReportKind.TopProductsByUnits => await ShopTopProductsAsync(connection, kind, options, period, cancellationToken),
            ReportKind.TopCategories => await ShopTopCategoriesAsync(connection, options, period, cancellationToken),
            ReportKind.PaymentMethods => await ShopPaymentMethodsAsync(connection, options, period, cancellationToken),
            ReportKind.Promos => await ShopPromosAsync(connection, options, period, cancellationToken),
            ReportKind.NewVsReturning => await ShopNewVsReturningAsync(connection, options, period, cancellationToken),
            ReportKind.CustomerDemographics => await ShopDemographicsAsync(connection, options, period, cancellationToken),
            ReportKind.TrafficSources or ReportKind.SessionEvents or ReportKind.DeviceTypes => await ShopSessionsAsync(connection, kind, options, period, cancellationToken),
            ReportKind.ViewDuration => await ShopViewDurationAsync(connection, options, period, cancellationToken),
            ReportKind.Ratings => await ShopRatingsAsync(connection, options, period, cancellationToken),
            ReportKind.LogErrors => await ShopLogErrorsAsync(connection, options, zone, period, cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Not a commerce report."),
        };

        return new ReportResult(kind, first, zone.Id, ReportSourceKind.Facts, rows)
        {
            Until = options.Until,
            ColumnNames = ShopColumns(kind, options, period),
        };
    }

    /// <summary>The columns: the catalog's, with the time column named after the bucket (hour or day) and top-products-by-revenue's category.</summary>
    private static IReadOnlyList<string>? ShopColumns(ReportKind kind, ReportOptions options, ShopPeriod? period)
    {
        if (kind == ReportKind.TopProductsByRevenue)
        {
            return ["rank", "product_id", "product_name", "category", "currency", "units", "revenue", "orders"];
        }

        if (!ShopFlags.IsTimeSeries(kind))
        {
            return null;
        }

        var columns = ReportCatalog.ColumnsOf(kind).ToArray();
        columns[0] = ShopBucket(options, period) == CommerceBreakdown.Day ? "day" : "hour";
        return columns;
    }

    /// <summary>Hours for one day, days for a longer range, unless --by says which.</summary>
    private static CommerceBreakdown ShopBucket(ReportOptions options, ShopPeriod? period) =>
        options.Breakdown ?? (period is { IsOneDay: false } ? CommerceBreakdown.Day : CommerceBreakdown.Hour);

    /// <summary>
    /// A time bucket's value: the local hour 0–23 over one day, the local date and hour ("2024-11-01 13:00") over a
    /// range, or the local date with --by day.
    /// </summary>
    private static object ShopBucketKey(CommerceBreakdown bucket, ReportZone zone, ShopPeriod period, DateTime utc)
    {
        var local = zone.ToLocal(utc);
        if (bucket == CommerceBreakdown.Day)
        {
            return local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return period.IsOneDay ? local.Hour : local.ToString("yyyy-MM-dd HH':00'", CultureInfo.InvariantCulture);
    }

    private DbCommand ShopCommand(DbConnection connection, string name, ReportOptions options, ShopPeriod? period = null)
    {
        var command = Command(connection, name, 0);
        var country = options.Country?.Trim().ToLowerInvariant() ?? "";
        Bind(command, "country", country);
        Bind(command, "country_name", country.Length == 2 ? CountryNames.Of(country.ToUpperInvariant()).ToLowerInvariant() : country);
        Bind(command, "category", options.Category?.Trim().ToLowerInvariant() ?? "");
        if (period is { } p)
        {
            BindRange(command, p.From, p.To);
        }

        return command;
    }

    private static async Task<List<T>> ReadAllAsync<T>(DbCommand command, Func<DbDataReader, T> map, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<T>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static double Rate(long part, long whole) => whole == 0 ? 0 : Math.Round((double)part / whole, 4, MidpointRounding.AwayFromZero);

    private static string OrUnknown(string? value) => string.IsNullOrEmpty(value) ? Unknown : value;

    /// <summary>Ranks within each group (a currency, or one group) by <paramref name="order"/>, keeping the first <paramref name="limit"/> of each.</summary>
    private static List<ReportRow> RankWithin<T>(IEnumerable<T> items, Func<T, string> group, Func<IEnumerable<T>, IOrderedEnumerable<T>> order, int limit, Func<int, T, ShopRow> row) =>
        [.. items.GroupBy(group, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .SelectMany(g => order(g).Take(limit).Select((item, i) => (ReportRow)row(i + 1, item)))];
}
