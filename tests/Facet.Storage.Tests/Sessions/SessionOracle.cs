using System.Globalization;
using Facet.Core.Enrichment;

namespace Facet.Storage.Tests.Sessions;

/// <summary>
/// Sessions recounted by brute force from the raw events, independently of the warehouse SQL: the batches are replayed
/// in arrival order (an event is late when it is more than the bound behind the latest accepted event of its device
/// before its batch), then every device's accepted events are walked in time order (ties by event id, ordinal) and cut
/// at a gap over the timeout or at a campaign other than the current session's last one, unless that event shares its
/// instant with the one before.
/// </summary>
internal static class SessionOracle
{
    public static (List<string> Sessions, int Late) Run(IEnumerable<IReadOnlyList<EnrichedEvent>> batches, TimeSpan timeout, TimeSpan lateBound)
    {
        var (sessions, late) = Walk(batches, timeout, lateBound);
        var described = sessions.Select(s => Describe(s.Device, s.Events)).ToList();
        described.Sort(StringComparer.Ordinal);
        return (described, late);
    }

    /// <summary>Every session as its device and its events in time order (first = the landing), and the late count.</summary>
    public static (List<(string Device, List<EnrichedEvent> Events)> Sessions, int Late) Walk(IEnumerable<IReadOnlyList<EnrichedEvent>> batches, TimeSpan timeout, TimeSpan lateBound)
    {
        var accepted = new Dictionary<string, List<EnrichedEvent>>(StringComparer.Ordinal);
        var latest = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var late = 0;
        foreach (var batch in batches)
        {
            var admitted = new List<EnrichedEvent>();
            foreach (var e in batch)
            {
                var device = e.Event.DeviceId;
                if (string.IsNullOrEmpty(device))
                {
                    continue;
                }

                if (latest.TryGetValue(device, out var last) && e.Event.EventTime.UtcDateTime < last - lateBound)
                {
                    late++;
                    continue;
                }

                admitted.Add(e);
            }

            foreach (var e in admitted)
            {
                var device = e.Event.DeviceId!;
                if (!accepted.TryGetValue(device, out var list))
                {
                    accepted[device] = list = [];
                }

                list.Add(e);
                var time = e.Event.EventTime.UtcDateTime;
                latest[device] = latest.TryGetValue(device, out var before) && before > time ? before : time;
            }
        }

        var sessions = new List<(string Device, List<EnrichedEvent> Events)>();
        foreach (var (device, events) in accepted)
        {
            var ordered = events.OrderBy(e => e.Event.EventTime).ThenBy(e => e.Event.EventId, StringComparer.Ordinal).ToList();
            var current = new List<EnrichedEvent>();
            string? campaign = null;
            foreach (var e in ordered)
            {
                var startsNew = current.Count == 0
                    || e.Event.EventTime - current[^1].Event.EventTime > timeout
                    || (e.Url.UtmCampaign is not null && e.Url.UtmCampaign != campaign && e.Event.EventTime > current[^1].Event.EventTime);
                if (startsNew && current.Count > 0)
                {
                    sessions.Add((device, current));
                    current = [];
                    campaign = null;
                }

                current.Add(e);
                campaign = e.Url.UtmCampaign ?? campaign;
            }

            sessions.Add((device, current));
        }

        return (sessions, late);
    }

    /// <summary>The columns the tests compare, in the order of <see cref="Columns"/>.</summary>
    public static string Describe(string device, List<EnrichedEvent> session)
    {
        var first = session[0].Event;
        var last = session[^1].Event;
        var orders = session.Count(e => e.Event.Collection == "checkout_success");
        return string.Join('|', device, Time(first.EventTime.UtcDateTime), Time(last.EventTime.UtcDateTime), session.Count.ToString(CultureInfo.InvariantCulture),
            ((long)(last.EventTime - first.EventTime).TotalSeconds).ToString(CultureInfo.InvariantCulture), session.Count == 1 ? "true" : "false",
            first.CurrentUrl ?? "null", last.CurrentUrl ?? "null", session[0].Url.UtmCampaign ?? "null", orders.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>fact_sessions columns matching <see cref="Describe"/>.</summary>
    public const string Columns = "device_id, session_start, session_end, events, duration_seconds, bounce, entry_url, exit_url, utm_campaign, orders";

    /// <summary>
    /// The <c>sessions</c> report recounted from <see cref="Run"/>'s sessions that started in [from, to), grouped by
    /// <paramref name="key"/> (of the start and the campaign), as sorted "key|sessions|bounces|bounce_rate|
    /// avg_duration|events_per_session|with_order|conversion" lines (rates rounded to 9 places).
    /// </summary>
    public static List<string> Report(IEnumerable<string> sessions, DateTime from, DateTime to, Func<DateTime, string, string> key)
    {
        var lines = new List<string>();
        var parsed = sessions.Select(s => s.Split('|'))
            .Select(f => (Start: DateTime.ParseExact(f[1], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Events: long.Parse(f[3], CultureInfo.InvariantCulture),
                Duration: double.Parse(f[4], CultureInfo.InvariantCulture), Campaign: f[8] == "null" ? "(none)" : f[8], Orders: long.Parse(f[9], CultureInfo.InvariantCulture)))
            .Where(s => s.Start >= from && s.Start < to);
        foreach (var g in parsed.GroupBy(s => key(s.Start, s.Campaign), StringComparer.Ordinal))
        {
            var n = g.LongCount();
            var bounces = g.LongCount(s => s.Events == 1);
            var withOrder = g.LongCount(s => s.Orders > 0);
            lines.Add(Line(g.Key, n, bounces, (double)bounces / n, g.Sum(s => s.Duration) / n, (double)g.Sum(s => s.Events) / n, withOrder, (double)withOrder / n));
        }

        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    /// <summary>One report row as <see cref="Report"/> formats it.</summary>
    public static string Line(params object?[] cells) =>
        string.Join('|', cells.Select(c => c is double d ? Math.Round(d, 9).ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(c, CultureInfo.InvariantCulture)));

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
