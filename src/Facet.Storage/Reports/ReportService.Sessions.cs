using System.Data.Common;
using System.Globalization;
using Facet.Storage.Reports.Commerce;
using Facet.Storage.Reports.Shop;

namespace Facet.Storage.Reports;

/// <summary>
/// The <c>sessions</c> and <c>conversion</c> reports (issue 21): sessions that started in the period per hour, day or
/// an attribute of the session's first event — store, IP country, device type, browser, traffic medium, campaign.
/// Read from the session rollup (V010, UTC quarter hours kept by delta in the batch transaction) when the period is a
/// whole number of quarter hours of the zone (every modern zone, Asia/Kolkata included), else from fact_sessions row by
/// row. Definitions: docs/reports.md, "Sessions".
/// </summary>
public sealed partial class ReportService
{
    private const char MediumSeparator = '\u001f';

    private async Task<(List<ReportRow> Rows, ReportSourceKind Source)> SessionsAsync(
        DbConnection connection, ReportOptions options, CommerceBreakdown breakdown, ReportZone zone, bool multiDay, DateTime from, DateTime to,
        CancellationToken cancellationToken)
    {
        var (groups, source) = await SessionGroupsAsync(connection, options, breakdown, zone, multiDay, from, to, cancellationToken);

        // Time buckets in time order; attributes by sessions, most first.
        var ordered = breakdown is CommerceBreakdown.Hour or CommerceBreakdown.Day
            ? groups.OrderBy(g => g.Key is int hour ? hour.ToString("D2", CultureInfo.InvariantCulture) : (string)g.Key, StringComparer.Ordinal)
            : groups.OrderByDescending(g => g.Value.Sessions).ThenBy(g => (string)g.Key, StringComparer.Ordinal);
        var rows = ordered.Select(g =>
        {
            var t = g.Value;
            return (ReportRow)new ShopRow(g.Key, t.Sessions, t.Bounces, (double)t.Bounces / t.Sessions, t.DurationMicros / 1e6 / t.Sessions,
                (double)t.Events / t.Sessions, t.SessionsWithOrder, (double)t.SessionsWithOrder / t.Sessions);
        });
        return (options.Limit is { } limit ? [.. rows.Take(limit)] : [.. rows], source);
    }

    /// <summary>conversion = sessions with an order ÷ sessions, per breakdown value, most sessions first.</summary>
    private async Task<(List<ReportRow> Rows, ReportSourceKind Source)> ConversionAsync(
        DbConnection connection, ReportOptions options, CommerceBreakdown breakdown, ReportZone zone, DateTime from, DateTime to, CancellationToken cancellationToken)
    {
        var (groups, source) = await SessionGroupsAsync(connection, options, breakdown, zone, multiDay: false, from, to, cancellationToken);
        var rows = groups
            .OrderByDescending(g => g.Value.Sessions).ThenBy(g => (string)g.Key, StringComparer.Ordinal)
            .Select(g => (ReportRow)new ConversionRow((string)g.Key, g.Value.Sessions, g.Value.SessionsWithOrder, (double)g.Value.SessionsWithOrder / g.Value.Sessions));
        return (options.Limit is { } limit ? [.. rows.Take(limit)] : [.. rows], source);
    }

    private async Task<(Dictionary<object, SessionTotals> Groups, ReportSourceKind Source)> SessionGroupsAsync(
        DbConnection connection, ReportOptions options, CommerceBreakdown breakdown, ReportZone zone, bool multiDay, DateTime from, DateTime to,
        CancellationToken cancellationToken)
    {
        object TimeKey(DateTime start) => multiDay && breakdown == CommerceBreakdown.Hour
            ? zone.ToLocal(start).ToString("yyyy-MM-dd HH':00'", CultureInfo.InvariantCulture)
            : BreakdownKey(breakdown, zone, start, null, new EventAttributes(null, null, null, "", ""), null);

        var groups = new Dictionary<object, SessionTotals>();
        void Add(object key, SessionTotals add) => groups[key] = groups.TryGetValue(key, out var t) ? t.Plus(add) : add;

        if (zone.IsQuarterAligned(from, to))
        {
            var rollupName = breakdown is CommerceBreakdown.Hour or CommerceBreakdown.Day or CommerceBreakdown.None ? "all" : CommerceBreakdowns.NameOf(breakdown);
            await using var command = Command(connection, "sessions.rollup", 0);
            Bind(command, "breakdown", rollupName);
            Bind(command, "from_quarter", UnixSeconds(from));
            Bind(command, "to_quarter", UnixSeconds(to));
            Bind(command, "include_bots", options.IncludeBots);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var value = reader.GetString(1);
                var key = breakdown switch
                {
                    CommerceBreakdown.Hour or CommerceBreakdown.Day => TimeKey(DateTime.UnixEpoch.AddSeconds(reader.GetInt64(0))),
                    CommerceBreakdown.Medium => ChannelOf(value),
                    _ => value,
                };
                Add(key, new SessionTotals(reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
            }

            return (groups, ReportSourceKind.Rollups);
        }

        // A period that is not whole quarter hours of the zone (historic local mean time offsets): the sessions row by row.
        var sessions = await QueryAsync(
            connection, "sessions.rows", options, from, to, _ => { },
            (r, _) =>
            {
                var start = FromMicros(r.GetInt64(0));
                var attributes = new EventAttributes(NullableString(r, 4), NullableString(r, 5), NullableString(r, 6), r.GetString(7), r.GetString(8),
                    NullableString(r, 9), NullableString(r, 10), null, NullableString(r, 11));
                var key = breakdown is CommerceBreakdown.Hour or CommerceBreakdown.Day ? TimeKey(start) : BreakdownKey(breakdown, zone, start, null, attributes, null);
                var events = Convert.ToInt64(r.GetValue(1), CultureInfo.InvariantCulture);
                var orders = Convert.ToInt64(r.GetValue(3), CultureInfo.InvariantCulture);
                return (Key: key, Totals: new SessionTotals(1, events == 1 ? 1 : 0, orders > 0 ? 1 : 0, events, (long)Math.Round(r.GetDouble(2) * 1e6)));
            },
            cancellationToken);
        foreach (var (key, totals) in sessions)
        {
            Add(key, totals);
        }

        return (groups, ReportSourceKind.Facts);
    }

    /// <summary>The rollup's medium value is "referrer medium␟utm_medium"; the channel rule lives in C# only.</summary>
    private static string ChannelOf(string value)
    {
        var cut = value.IndexOf(MediumSeparator, StringComparison.Ordinal);
        return TrafficChannel.Of(value[..cut], value[(cut + 1)..], null);
    }

    private static long UnixSeconds(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalSeconds;

    private readonly record struct SessionTotals(long Sessions, long Bounces, long SessionsWithOrder, long Events, long DurationMicros)
    {
        public SessionTotals Plus(SessionTotals other) => new(
            Sessions + other.Sessions, Bounces + other.Bounces, SessionsWithOrder + other.SessionsWithOrder, Events + other.Events, DurationMicros + other.DurationMicros);
    }
}
