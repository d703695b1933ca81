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
        return c != 0 ? c : a.EventId.CompareTo(b.EventId);
    };

    /// <summary>Whether a device can enter the funnel at <paramref name="e"/>: step 1 (strict) or any step (any order).</summary>
    public static bool IsEntry(FunnelDefinition funnel, FunnelEvent e)
    {
        if (funnel.Mode == FunnelMode.Strict)
        {
            return Matches(funnel.Steps[0], e);
        }

        // A loop, not Steps.Any(lambda): the lambda captured e, a closure per event of every batch (issue 22).
        for (var k = 0; k < funnel.Steps.Count; k++)
        {
            if (Matches(funnel.Steps[k], e))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Marks a step the walk holds no event for in <see cref="Hold"/>'s and <see cref="Continue"/>'s arrays.</summary>
    public const long None = long.MinValue;

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
        var held = new long[funnel.Steps.Count];
        Hold(funnel, events, start, held);
        return Count(held, reached);
    }

    /// <summary>
    /// The walk's state after <paramref name="events"/>, from the entry at <paramref name="start"/>: per step, the time of
    /// the event it holds for that step, or <see cref="None"/>. Strict: the time each reached step was reached (the
    /// steps after the first one missing are None). Any order: each step's first match in [entry, entry + window],
    /// for every step. That is all a walk needs of the events so far to go on with later ones (<see cref="Continue"/>),
    /// which is what lets funnel_progress (V014) extend a candidate from its stored row (V017).
    /// </summary>
    public static void Hold(FunnelDefinition funnel, IReadOnlyList<FunnelEvent> events, int start, long[] held)
    {
        Array.Fill(held, None);
        var entry = events[start].TimeMicros;
        if (funnel.Mode == FunnelMode.Strict)
        {
            held[0] = entry;
            Continue(funnel, entry, held, events, start + 1);
            return;
        }

        Continue(funnel, entry, held, events, start);
    }

    /// <summary>
    /// Goes on with a walk whose state is <paramref name="held"/> (<see cref="Hold"/>) over
    /// <paramref name="events"/>[<paramref name="from"/>..], every one of which comes after (time, then id) every event
    /// the state was taken from: strict, the next steps reached in order; any order, the first match of each step
    /// still without one.
    /// </summary>
    public static void Continue(FunnelDefinition funnel, long entryMicros, long[] held, IReadOnlyList<FunnelEvent> events, int from)
    {
        var steps = funnel.Steps;
        var deadline = entryMicros + funnel.Window.Ticks / 10;
        if (funnel.Mode == FunnelMode.Strict)
        {
            var count = 0;
            while (count < steps.Count && held[count] != None)
            {
                count++;
            }

            // The state's events all come before events[from], so the next step is the first match from there.
            var position = from;
            while (count < steps.Count)
            {
                var next = FirstMatch(steps[count], events, position, deadline);
                if (next < 0)
                {
                    break;
                }

                held[count++] = events[next].TimeMicros;
                position = next + 1;
            }

            return;
        }

        for (var k = 0; k < steps.Count; k++)
        {
            if (held[k] == None && FirstMatch(steps[k], events, from, deadline) is var first and >= 0)
            {
                held[k] = events[first].TimeMicros;
            }
        }
    }

    /// <summary>
    /// From a walk's state: how many steps were reached (steps 1..k each held) and, in <paramref name="reached"/>, when
    /// each was (the latest of the held times up to it: in strict order they only grow).
    /// </summary>
    public static int Count(long[] held, long[] reached)
    {
        var count = 0;
        var latest = long.MinValue;
        while (count < held.Length && held[count] != None)
        {
            latest = Math.Max(latest, held[count]);
            reached[count++] = latest;
        }

        return count;
    }

    /// <summary>The first of <paramref name="events"/>[<paramref name="from"/>..] no later than the deadline that matches <paramref name="step"/>, or -1.</summary>
    private static int FirstMatch(FunnelStep step, IReadOnlyList<FunnelEvent> events, int from, long deadline)
    {
        for (var i = from; i < events.Count && events[i].TimeMicros <= deadline; i++)
        {
            if (Matches(step, events[i]))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool Matches(FunnelStep step, FunnelEvent e) => step.Matches(e.Collection, e.ProductId, e.Attributes.StoreId, e.Attributes.Domain);
}
