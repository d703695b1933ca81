using System.Data.Common;
using System.Globalization;
using Facet.Storage.Reports.Shop;

namespace Facet.Storage.Reports;

/// <summary>
/// The commerce reports over customers, sessions, views, interactions and system logs (issue 18): demographics (the
/// customer base at the period's end), traffic sources, session events and device types (click events on event_time),
/// view duration (viewed_at), ratings (occurred_at) and log errors (logged_at). Definitions: docs/reports.md.
/// </summary>
public sealed partial class ReportService
{
    private async Task<List<ReportRow>> ShopDemographicsAsync(DbConnection connection, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        await using var command = ShopCommand(connection, "shop.customers", options, period);
        var customers = await ReadAllAsync(command, r => (
            Gender: NullableString(r, 0) ?? "unknown",
            Band: ShopAgeBands.Of(
                r.IsDBNull(1) ? null : DateOnly.ParseExact(r.GetString(1), "yyyy-MM-dd", CultureInfo.InvariantCulture),
                r.IsDBNull(2) ? null : r.GetInt32(2),
                period.LastDay)), cancellationToken);
        var bands = ShopAgeBands.All;
        var rows = customers.GroupBy(c => c)
            .OrderBy(g => g.Key.Gender, StringComparer.Ordinal).ThenBy(g => IndexOf(bands, g.Key.Band))
            .Select(g => (ReportRow)new ShopRow(g.Key.Gender, g.Key.Band, g.LongCount()));
        return Limited(rows, options);

        static int IndexOf(IReadOnlyList<string> list, string value)
        {
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] == value)
                {
                    return i;
                }
            }

            return list.Count;
        }
    }

    private async Task<List<ReportRow>> ShopSessionsAsync(DbConnection connection, ReportKind kind, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        List<(string Session, string Source, string Event, string? Customer, string? Device, long Events)> groups;
        await using (var command = ShopCommand(connection, "shop.sessions", options, period))
        {
            groups = await ReadAllAsync(command, r => (r.GetString(0), OrUnknown(r.GetString(1)), r.GetString(2), NullableString(r, 3), NullableString(r, 4), r.GetInt64(5)), cancellationToken);
        }

        IEnumerable<ReportRow> rows;
        switch (kind)
        {
            case ReportKind.TrafficSources:
            {
                // A session converts when an order of the period (any outcome) names it.
                var ordered = (await ReadShopOrdersAsync(connection, options, period, cancellationToken))
                    .Where(o => o.SessionId is not null).Select(o => o.SessionId!).ToHashSet(StringComparer.Ordinal);
                rows = groups.GroupBy(g => g.Source, StringComparer.Ordinal)
                    .Select(g =>
                    {
                        var sessions = g.Select(s => s.Session).Distinct(StringComparer.Ordinal).ToList();
                        long converted = sessions.Count(ordered.Contains);
                        return (Source: g.Key, Sessions: (long)sessions.Count, Row: new ShopRow(g.Key, (long)sessions.Count, g.Sum(s => s.Events), converted, Rate(converted, sessions.Count)));
                    })
                    .OrderByDescending(r => r.Sessions).ThenBy(r => r.Source, StringComparer.Ordinal)
                    .Select(r => (ReportRow)r.Row);
                break;
            }

            case ReportKind.SessionEvents:
                rows = groups.GroupBy(g => g.Event, StringComparer.Ordinal)
                    .Select(g => (Name: g.Key, Events: g.Sum(s => s.Events), Sessions: (long)g.Select(s => s.Session).Distinct(StringComparer.Ordinal).Count()))
                    .OrderByDescending(r => r.Events).ThenBy(r => r.Name, StringComparer.Ordinal)
                    .Select(r => (ReportRow)new ShopRow(r.Name, r.Events, r.Sessions));
                break;

            default:
                rows = groups.GroupBy(g => OrUnknown(g.Device), StringComparer.Ordinal)
                    .Select(g => (Device: g.Key, Customers: (long)g.Where(s => s.Customer is not null).Select(s => s.Customer).Distinct(StringComparer.Ordinal).Count(),
                        Sessions: (long)g.Select(s => s.Session).Distinct(StringComparer.Ordinal).Count()))
                    .OrderByDescending(r => r.Sessions).ThenBy(r => r.Device, StringComparer.Ordinal)
                    .Select(r => (ReportRow)new ShopRow(r.Device, r.Customers, r.Sessions));
                break;
        }

        return Limited(rows, options);
    }

    private async Task<List<ReportRow>> ShopViewDurationAsync(DbConnection connection, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        await using var command = ShopCommand(connection, "shop.views", options, period);
        var products = await ReadAllAsync(command, r => (Product: r.GetString(0), Name: NullableString(r, 1), Views: r.GetInt64(2), Timed: r.GetInt64(3), Seconds: r.GetDouble(4)), cancellationToken);
        var limit = options.Limit ?? ReportCatalog.DefaultLimitOf(ReportKind.ViewDuration) ?? 10;
        return RankWithin(products, _ => "", g => g.OrderByDescending(p => p.Views).ThenBy(p => p.Product, StringComparer.Ordinal), limit,
            (rank, p) => new ShopRow(rank, p.Product, p.Name, p.Views, p.Timed == 0 ? null : Math.Round(p.Seconds / p.Timed, 2, MidpointRounding.AwayFromZero)));
    }

    private async Task<List<ReportRow>> ShopRatingsAsync(DbConnection connection, ReportOptions options, ShopPeriod period, CancellationToken cancellationToken)
    {
        await using var command = ShopCommand(connection, "shop.interactions", options, period);
        var groups = await ReadAllAsync(command, r => (Product: r.GetString(0), Name: NullableString(r, 1), Type: r.GetString(2), Count: r.GetInt64(3), Rated: r.GetInt64(4), Stars: r.GetInt64(5)), cancellationToken);
        var products = groups.GroupBy(g => g.Product, StringComparer.Ordinal).Select(g => (
            Product: g.Key,
            g.First().Name,
            Interactions: g.Sum(t => t.Count),
            Ratings: g.Sum(t => t.Rated),
            Stars: g.Sum(t => t.Stars),
            Reviews: g.Where(t => t.Type == "review").Sum(t => t.Count),
            Wishlist: g.Where(t => t.Type == "wishlist_addition").Sum(t => t.Count)));
        var limit = options.Limit ?? ReportCatalog.DefaultLimitOf(ReportKind.Ratings) ?? 10;
        return RankWithin(products, _ => "", g => g.OrderByDescending(p => p.Interactions).ThenBy(p => p.Product, StringComparer.Ordinal), limit,
            (rank, p) => new ShopRow(rank, p.Product, p.Name, p.Ratings, p.Ratings == 0 ? null : Math.Round((double)p.Stars / p.Ratings, 2, MidpointRounding.AwayFromZero), p.Reviews, p.Wishlist));
    }

    private async Task<List<ReportRow>> ShopLogErrorsAsync(DbConnection connection, ReportOptions options, ReportZone zone, ShopPeriod period, CancellationToken cancellationToken)
    {
        var bucket = ShopBucket(options, period);
        await using var command = ShopCommand(connection, "shop.logs", options, period);
        var minutes = await ReadAllAsync(command, r => (Minute: FromMicros(r.GetInt64(0)), Level: r.GetString(1), Entries: r.GetInt64(2)), cancellationToken);
        var rows = minutes.GroupBy(m => ShopBucketKey(bucket, zone, period, m.Minute))
            .OrderBy(g => g.Key, Comparer<object>.Create(CompareKeys))
            .Select(g =>
            {
                var entries = g.Sum(m => m.Entries);
                var errors = g.Where(m => m.Level is "ERROR" or "CRITICAL").Sum(m => m.Entries);
                var warnings = g.Where(m => m.Level == "WARNING").Sum(m => m.Entries);
                return (ReportRow)new ShopRow(g.Key, entries, errors, warnings, Rate(errors, entries));
            });
        return Limited(rows, options);
    }
}
