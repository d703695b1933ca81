using Facet.Core.Enrichment;

namespace Facet.Dashboard.Tests;

/// <summary>
/// The dashboard's Sessions and Bounce rate cards recounted from the raw events, without the warehouse: batches replayed
/// in arrival order (an event more than 24 h behind its device's latest accepted event is late and in no session), each
/// device's events walked in time order (ties by event id) and cut after more than 30 minutes or at a new UTM campaign
/// at a later instant (docs/reports.md, "Sessions"); sessions of humans (by their first event) that started in [from, to).
/// </summary>
internal static class SessionRecount
{
    public static (long Sessions, long Bounces) Count(IEnumerable<IReadOnlyList<EnrichedEvent>> arrivals, DateTime from, DateTime to)
    {
        var accepted = new Dictionary<string, List<EnrichedEvent>>(StringComparer.Ordinal);
        var latest = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var batch in arrivals)
        {
            var admitted = batch.Where(e => e.Event.DeviceId is { Length: > 0 } d
                && !(latest.TryGetValue(d, out var last) && e.Event.EventTime < last - TimeSpan.FromHours(24))).ToList();
            foreach (var e in admitted)
            {
                var device = e.Event.DeviceId!;
                (accepted.TryGetValue(device, out var list) ? list : accepted[device] = []).Add(e);
                latest[device] = latest.TryGetValue(device, out var before) && before > e.Event.EventTime ? before : e.Event.EventTime;
            }
        }

        long sessions = 0, bounces = 0;
        foreach (var events in accepted.Values)
        {
            var ordered = events.OrderBy(e => e.Event.EventTime).ThenBy(e => e.Event.EventId, StringComparer.Ordinal).ToList();
            var start = 0;
            string? campaign = null;
            for (var i = 0; i <= ordered.Count; i++)
            {
                var cut = i == ordered.Count || (i > start && (ordered[i].Event.EventTime - ordered[i - 1].Event.EventTime > TimeSpan.FromMinutes(30)
                    || (ordered[i].Url.UtmCampaign is { } c && c != campaign && ordered[i].Event.EventTime > ordered[i - 1].Event.EventTime)));
                if (cut)
                {
                    var first = ordered[start];
                    if (!first.IsBot && first.Event.EventTime.UtcDateTime >= from && first.Event.EventTime.UtcDateTime < to)
                    {
                        sessions++;
                        bounces += i - start == 1 ? 1 : 0;
                    }

                    start = i;
                    campaign = null;
                }

                if (i < ordered.Count)
                {
                    campaign = ordered[i].Url.UtmCampaign ?? campaign;
                }
            }
        }

        return (sessions, bounces);
    }
}
