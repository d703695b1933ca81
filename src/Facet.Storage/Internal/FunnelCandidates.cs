using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Internal;

/// <summary>
/// One device's funnel_progress rows (V014) for one stored funnel, by the report's own rules (<see cref="FunnelWalk"/>):
/// an entry candidate is the device's first human event of a UTC quarter hour where it can enter the funnel, with the
/// steps it reached from there. Two ways to the same rows:
/// <list type="bullet">
/// <item><see cref="Rebuild"/>: from the device's facts since a quarter hour, the candidate before them given.</item>
/// <item><see cref="Continue"/>: from the device's stored rows that new events can still change and the new events
/// alone, when every new event comes after every stored fact of the device (time, then id). The stored rows' walk
/// state (V017) is all the rules need of the past: a candidate's later steps can only come from new events, and a new
/// candidate can only be a new event.</item>
/// </list>
/// Events are one device's human events of the funnel's step collections, sorted by <see cref="FunnelWalk.Order"/>.
/// </summary>
internal static class FunnelCandidates
{
    private const long QuarterMicros = 900_000_000L;

    // The walk's two working arrays, per thread and step count, instead of a new pair for every funnel of every touched
    // device in every batch (issue 22: long[] was ~4 % of the bytes a 1M load allocated). Only FunnelProgressRow.Of
    // reads them, and it keeps texts, not the arrays.
    [ThreadStatic]
    private static long[]?[]? t_held;

    [ThreadStatic]
    private static long[]?[]? t_reached;

    /// <summary>A fact the rows are computed from, with the dimension keys its candidate row would carry.</summary>
    public readonly record struct Fact(FunnelEvent Event, int StoreKey, int LocationKey, int UserAgentKey);

    /// <summary>Every candidate among <paramref name="facts"/>; <paramref name="previous"/> = the latest candidate before them.</summary>
    public static void Rebuild(int funnelId, FunnelDefinition funnel, string device, IReadOnlyList<FunnelEvent> events, IReadOnlyList<Fact> facts, long? previous, List<FunnelProgressRow> output) =>
        AddCandidates(funnelId, funnel, device, events, facts, previous, long.MinValue, output);

    /// <summary>
    /// Adds to <paramref name="output"/> the rows that change or appear when <paramref name="events"/> (all after every
    /// stored fact of the device) join <paramref name="open"/>: the device's stored rows of this funnel from the first
    /// quarter hour the new events can reach, in entry order, each with its walk state. <paramref name="previous"/> =
    /// the device's latest candidate before those. A changed stored row also goes to <paramref name="replacing"/>: its
    /// key is stored, every other row's is not (a new candidate lies in a quarter hour after the latest stored one), so
    /// the write deletes exactly those keys and appends the rest without a conflict check. In key order: changed rows,
    /// then new ones, by entry. Returns false, adding nothing, when a stored row has no state (written before V017):
    /// the device must be rebuilt from its facts.
    /// </summary>
    public static bool Continue(int funnelId, FunnelDefinition funnel, string device, IReadOnlyList<FunnelProgressRow> open, long? previous, IReadOnlyList<FunnelEvent> events, IReadOnlyList<Fact> facts, List<FunnelProgressRow> output, List<FunnelProgressRow> replacing)
    {
        var held = Scratch(ref t_held, funnel.Steps.Count);
        var reached = Scratch(ref t_reached, funnel.Steps.Count);
        var start = output.Count;
        var replacingStart = replacing.Count;
        foreach (var row in open)
        {
            if (!row.TryReadHeld(held))
            {
                output.RemoveRange(start, output.Count - start);
                replacing.RemoveRange(replacingStart, replacing.Count - replacingStart);
                return false;
            }

            FunnelWalk.Continue(funnel, row.EntryMicros, held, events, 0);
            var now = row.Continued(held, reached);
            if (!ReferenceEquals(now, row))
            {
                output.Add(now);
                replacing.Add(now);
            }

            previous = row.EntryMicros;
        }

        // New candidates: the first entry event of each quarter hour without a stored candidate. Every event after a
        // new candidate is a new event, so its walk runs over them alone.
        AddCandidates(funnelId, funnel, device, events, facts, previous, previous is { } last ? QuarterOf(last) : long.MinValue, output);
        return true;
    }

    /// <summary>
    /// The candidates among <paramref name="events"/>: the first entry event of each UTC quarter hour after
    /// <paramref name="quarter"/> (the latest candidate's, if any), each walked over the events from it on.
    /// </summary>
    private static void AddCandidates(int funnelId, FunnelDefinition funnel, string device, IReadOnlyList<FunnelEvent> events, IReadOnlyList<Fact> facts, long? previous, long quarter, List<FunnelProgressRow> output)
    {
        var held = Scratch(ref t_held, funnel.Steps.Count);
        var reached = Scratch(ref t_reached, funnel.Steps.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (QuarterOf(e.TimeMicros) == quarter || !FunnelWalk.IsEntry(funnel, e))
            {
                continue;
            }

            quarter = QuarterOf(e.TimeMicros);
            FunnelWalk.Hold(funnel, events, i, held);
            var fact = facts[i];
            output.Add(FunnelProgressRow.Of(funnelId, device, e.TimeMicros, previous, held, reached, fact.StoreKey, fact.LocationKey, fact.UserAgentKey));
            previous = e.TimeMicros;
        }
    }

    private static long[] Scratch(ref long[]?[]? arrays, int steps)
    {
        arrays ??= new long[]?[steps + 1];
        if (arrays.Length <= steps)
        {
            Array.Resize(ref arrays, steps + 1);
        }

        return arrays[steps] ??= new long[steps];
    }

    /// <summary>The UTC quarter hour of an epoch-µs time (floored, also before 1970).</summary>
    public static long QuarterOf(long micros) => Math.DivRem(micros, QuarterMicros, out var r) - (r < 0 ? 1 : 0);
}
