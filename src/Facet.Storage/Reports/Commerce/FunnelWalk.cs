namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// How far one device gets through a funnel from one entry event: the rules of docs/reports.md ("Funnels") in one
/// place, shared by the report's facts path (<see cref="FunnelCounter"/>) and the progress table's writer (V014), so
/// both count the same thing by construction. Events are one device's, sorted by event time, then event id (ordinal).
/// </summary>
internal static class FunnelWalk
{
    /// <summary>The order both callers sort a device's events in: event time, then event id (byte order).</summary>
    public static readonly Comparison<FunnelEvent> Order = static (a, b) =>
    {
        var c = a.TimeMicros.CompareTo(b.TimeMicros);
        return c != 0 ? c : string.CompareOrdinal(a.EventId, b.EventId);
    };

    /// <summary>Whether a device can enter the funnel at <paramref name="e"/>: step 1 (strict) or any step (any order).</summary>
    public static bool IsEntry(FunnelDefinition funnel, FunnelEvent e) =>
        funnel.Mode == FunnelMode.Strict ? Matches(funnel.Steps[0], e) : funnel.Steps.Any(s => Matches(s, e));

    /// <summary>
    /// Fills <paramref name="reached"/> with the time each step was reached from the entry at <paramref name="start"/>
    /// and returns how many steps were (0 in any-order mode when step 1 has no match in the window).
    /// <list type="bullet">
    /// <item>Strict: step k+1 is the first later event (in that order) matching it, no later than entry + window.</item>
    /// <item>Any order: step k is reached when steps 1..k each have a matching event within [entry, entry + window];
    /// its time is the latest of their first matches.</item>
    /// </list>
    /// </summary>
    public static int From(FunnelDefinition funnel, IReadOnlyList<FunnelEvent> events, int start, long[] reached)
    {
        var steps = funnel.Steps;
        var entry = events[start];
        var deadline = entry.TimeMicros + funnel.Window.Ticks / 10;
        int count;
        if (funnel.Mode == FunnelMode.Strict)
        {
            reached[0] = entry.TimeMicros;
            count = 1;
            var position = start;
            while (count < steps.Count)
            {
                var next = -1;
                for (var i = position + 1; i < events.Count && events[i].TimeMicros <= deadline; i++)
                {
                    if (Matches(steps[count], events[i]))
                    {
                        next = i;
                        break;
                    }
                }

                if (next < 0)
                {
                    break;
                }

                reached[count++] = events[next].TimeMicros;
                position = next;
            }

            return count;
        }

        count = 0;
        var latest = long.MinValue;
        while (count < steps.Count)
        {
            var first = -1;
            for (var i = start; i < events.Count && events[i].TimeMicros <= deadline; i++)
            {
                if (Matches(steps[count], events[i]))
                {
                    first = i;
                    break;
                }
            }

            if (first < 0)
            {
                break;
            }

            latest = Math.Max(latest, events[first].TimeMicros);
            reached[count++] = latest;
        }

        return count;
    }

    private static bool Matches(FunnelStep step, FunnelEvent e) => step.Matches(e.Collection, e.ProductId, e.Attributes.StoreId, e.Attributes.Domain);
}
