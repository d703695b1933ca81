using System.Data.Common;
using System.Globalization;
using Facet.Storage.Reports.Commerce;
using Facet.Storage.Reports.Shop;

namespace Facet.Storage.Reports;

/// <summary>
/// The <c>sessions</c> report (issue 21): sessions that started in the period, from fact_sessions, per hour (default),
/// day or an attribute of the session's first event — store, IP country, device type, browser, traffic medium,
/// campaign. Definitions: docs/reports.md, "Sessions".
/// </summary>
public sealed partial class ReportService
{
    private async Task<List<ReportRow>> SessionsAsync(
        DbConnection connection, ReportOptions options, CommerceBreakdown breakdown, ReportZone zone, bool multiDay, DateTime from, DateTime to,
        CancellationToken cancellationToken)
    {
        var sessions = await QueryAsync(
            connection, "sessions.rows", options, from, to, _ => { },
            (r, _) =>
            {
                var start = FromMicros(r.GetInt64(0));
                var attributes = new EventAttributes(NullableString(r, 4), NullableString(r, 5), NullableString(r, 6), r.GetString(7), r.GetString(8),
                    NullableString(r, 9), NullableString(r, 10), null, NullableString(r, 11));
                var key = multiDay && breakdown == CommerceBreakdown.Hour
                    ? zone.ToLocal(start).ToString("yyyy-MM-dd HH':00'", CultureInfo.InvariantCulture)
                    : BreakdownKey(breakdown, zone, start, null, attributes, null);
                return (Key: key, Events: Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture), Duration: r.GetDouble(2), Orders: Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture));
            },
            cancellationToken);

        var groups = sessions.GroupBy(s => s.Key).Select(g =>
        {
            long count = 0, bounces = 0, events = 0, withOrder = 0;
            double duration = 0;
            foreach (var s in g)
            {
                count++;
                bounces += s.Events == 1 ? 1 : 0;
                events += s.Events;
                withOrder += s.Orders > 0 ? 1 : 0;
                duration += s.Duration;
            }

            return (g.Key, Count: count, Row: new ShopRow(g.Key, count, bounces, (double)bounces / count, duration / count, (double)events / count, withOrder, (double)withOrder / count));
        });

        // Time buckets in time order; attributes by sessions, most first.
        var ordered = breakdown is CommerceBreakdown.Hour or CommerceBreakdown.Day
            ? groups.OrderBy(g => g.Key is int hour ? hour.ToString("D2", CultureInfo.InvariantCulture) : (string)g.Key, StringComparer.Ordinal)
            : groups.OrderByDescending(g => g.Count).ThenBy(g => (string)g.Key, StringComparer.Ordinal);
        var rows = ordered.Select(g => (ReportRow)g.Row);
        return options.Limit is { } limit ? [.. rows.Take(limit)] : [.. rows];
    }
}
