namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// Counts a funnel over devices fed one at a time (each device's step events in [from, to + window), any order; they
/// are sorted here by event time, then event id). A device enters at its first event in [from, to) that matches step
/// 1 (strict) or any step (any order); the window runs from there.
/// <list type="bullet">
/// <item>Strict: step k+1 is the first later event (in that order) matching it, no later than entry + window.</item>
/// <item>Any order: step k is reached when steps 1..k each have a matching event within [entry, entry + window]; its
/// time is the latest of their first matches.</item>
/// </list>
/// The time to convert from step k to k+1 is the difference of the two reach times. Single-threaded; memory is one
/// device's events plus the per-step times of converting devices (for the exact medians).
/// </summary>
internal sealed class FunnelCounter(FunnelDefinition funnel, long fromMicros, long toMicros)
{
    private static readonly Comparison<FunnelEvent> Order = static (a, b) =>
    {
        var c = a.TimeMicros.CompareTo(b.TimeMicros);
        return c != 0 ? c : string.CompareOrdinal(a.EventId, b.EventId);
    };

    private readonly long _windowMicros = funnel.Window.Ticks / 10;
    private readonly Dictionary<string, (long[] Entered, List<double>[] Seconds)> _groups = new(StringComparer.Ordinal);

    /// <summary>Adds one device's events; <paramref name="keyOf"/> gives the breakdown value of its entry event.</summary>
    public void AddDevice(List<FunnelEvent> events, Func<FunnelEvent, string> keyOf)
    {
        events.Sort(Order);
        var steps = funnel.Steps;
        var reached = new long[steps.Count];
        int count;
        FunnelEvent entry;
        if (funnel.Mode == FunnelMode.Strict)
        {
            var start = events.FindIndex(e => e.TimeMicros >= fromMicros && e.TimeMicros < toMicros && Matches(steps[0], e));
            if (start < 0)
            {
                return;
            }

            entry = events[start];
            var deadline = entry.TimeMicros + _windowMicros;
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
        }
        else
        {
            var start = events.FindIndex(e => e.TimeMicros >= fromMicros && e.TimeMicros < toMicros && steps.Any(s => Matches(s, e)));
            if (start < 0)
            {
                return;
            }

            entry = events[start];
            var deadline = entry.TimeMicros + _windowMicros;
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
        }

        if (count == 0)
        {
            return;
        }

        var key = keyOf(entry);
        if (!_groups.TryGetValue(key, out var group))
        {
            group = (new long[steps.Count], Enumerable.Range(0, steps.Count - 1).Select(_ => new List<double>()).ToArray());
            _groups[key] = group;
        }

        for (var k = 0; k < count; k++)
        {
            group.Entered[k]++;
            if (k + 1 < count)
            {
                group.Seconds[k].Add((reached[k + 1] - reached[k]) / 1_000_000.0);
            }
        }
    }

    /// <summary>The rows: breakdown values by devices entering step 1 (most first, then by value), each with every step.</summary>
    public List<ReportRow> Rows(int? limit)
    {
        var rows = new List<ReportRow>();
        var keys = _groups.Where(g => g.Value.Entered[0] > 0)
            .OrderByDescending(g => g.Value.Entered[0]).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(limit ?? int.MaxValue);
        foreach (var (key, (entered, seconds)) in keys)
        {
            for (var k = 0; k < funnel.Steps.Count; k++)
            {
                var last = k == funnel.Steps.Count - 1;
                long? converted = last ? null : entered[k + 1];
                rows.Add(new FunnelRow(
                    key,
                    k + 1,
                    funnel.Steps[k].Label,
                    entered[k],
                    converted,
                    last ? null : entered[k] - converted,
                    (double)entered[k] / entered[0],
                    last ? null : Median(seconds[k])));
            }
        }

        return rows;
    }

    private static bool Matches(FunnelStep step, FunnelEvent e) => step.Matches(e.Collection, e.ProductId, e.Attributes.StoreId, e.Attributes.Domain);

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}
