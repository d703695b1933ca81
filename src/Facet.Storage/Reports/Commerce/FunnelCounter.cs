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
/// (<see cref="FunnelWalk"/>.) The time to convert from step k to k+1 is the difference of the two reach times. The
/// progress table path (V014) adds devices already walked with <see cref="AddReached"/>. Single-threaded; memory is one
/// device's events plus the per-step times of converting devices (for the exact medians).
/// </summary>
internal sealed class FunnelCounter(FunnelDefinition funnel, long fromMicros, long toMicros)
{
    private readonly Dictionary<string, (long[] Entered, List<double>[] Seconds)> _groups = new(StringComparer.Ordinal);

    /// <summary>Adds one device's events; <paramref name="keyOf"/> gives the breakdown value of its entry event.</summary>
    public void AddDevice(List<FunnelEvent> events, Func<FunnelEvent, string> keyOf)
    {
        events.Sort(FunnelWalk.Order);
        var start = events.FindIndex(e => e.TimeMicros >= fromMicros && e.TimeMicros < toMicros && FunnelWalk.IsEntry(funnel, e));
        if (start < 0)
        {
            return;
        }

        var reached = new long[funnel.Steps.Count];
        var count = FunnelWalk.From(funnel, events, start, reached);
        if (count == 0)
        {
            return;
        }

        var gaps = new long[Math.Max(0, count - 1)];
        for (var k = 0; k + 1 < count; k++)
        {
            gaps[k] = reached[k + 1] - reached[k];
        }

        AddReached(keyOf(events[start]), count, gaps, 1);
    }

    /// <summary>
    /// Adds <paramref name="devices"/> devices of breakdown value <paramref name="key"/> that reached
    /// <paramref name="count"/> steps (at least 1), <paramref name="gapsMicros"/>[k] microseconds from step k+1 to k+2.
    /// </summary>
    public void AddReached(string key, int count, IReadOnlyList<long> gapsMicros, long devices)
    {
        var steps = funnel.Steps;
        if (!_groups.TryGetValue(key, out var group))
        {
            group = (new long[steps.Count], Enumerable.Range(0, steps.Count - 1).Select(_ => new List<double>()).ToArray());
            _groups[key] = group;
        }

        for (var k = 0; k < count; k++)
        {
            group.Entered[k] += devices;
            if (k + 1 < count)
            {
                var seconds = gapsMicros[k] / 1_000_000.0;
                for (var d = 0; d < devices; d++)
                {
                    group.Seconds[k].Add(seconds);
                }
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
