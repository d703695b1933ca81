namespace Facet.Storage.Internal;

/// <summary>
/// Cuts one device's events into sessions by the rules of docs/reports.md ("Sessions"), the ones write_sessions.sql's
/// window passes apply: a session ends after more than the timeout without an event, or where an event brings a UTM
/// campaign other than the last one seen in the visit (a campaign after campaign-less events counts as a change) at a
/// later instant than the event before it. Used for an in-order device (V016, both backends): its events all come after
/// the tail of its latest session, whose last event's time and id and the visit's last campaign there are all the
/// rules need of the past, so the new events are cut in memory instead of by SQL over the staged rows (issue 22).
/// </summary>
internal static class SessionCutter
{
    /// <summary>A device's latest stored session's tail: its last event's time and the visit's last campaign there.</summary>
    public readonly record struct Tail(long TimeMicros, string? Campaign);

    /// <summary>One event as the rules read it.</summary>
    public readonly record struct Event(long TimeMicros, string? Campaign);

    /// <summary>A session of the new events: index range [First, Last] and the visit's last campaign at its last event.</summary>
    public readonly record struct Range(int First, int Last, string? TailCampaign);

    /// <summary>
    /// Cuts <paramref name="events"/> (sorted by time, then event id, all after <paramref name="tail"/>) into
    /// <paramref name="sessions"/>. Returns how many leading events join the tail's session (0 without a tail, or when
    /// the first event begins a session); <paramref name="joinedCampaign"/> is then the visit's last campaign at the
    /// last of them.
    /// </summary>
    public static int Cut(Tail? tail, long timeoutMicros, IReadOnlyList<Event> events, List<Range> sessions, out string? joinedCampaign)
    {
        var joined = 0;
        joinedCampaign = null;
        var previousTime = tail?.TimeMicros;
        var previousCampaign = tail?.Campaign;
        var first = -1;
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            var visitStart = previousTime is not { } before || e.TimeMicros > before + timeoutMicros;
            // The visit's last campaign up to and including this event.
            var campaign = visitStart ? e.Campaign : e.Campaign ?? previousCampaign;
            var begins = visitStart
                || (e.Campaign is not null && !string.Equals(e.Campaign, previousCampaign, StringComparison.Ordinal) && e.TimeMicros > previousTime);
            if (begins)
            {
                if (first >= 0)
                {
                    sessions.Add(new Range(first, i - 1, previousCampaign));
                }

                first = i;
            }
            else if (first < 0)
            {
                joined = i + 1;
                joinedCampaign = campaign;
            }

            previousTime = e.TimeMicros;
            previousCampaign = campaign;
        }

        if (first >= 0)
        {
            sessions.Add(new Range(first, events.Count - 1, previousCampaign));
        }

        return joined;
    }
}
