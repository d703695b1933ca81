using System.Globalization;
using Facet.Storage.Windows;

namespace Facet.Storage.Internal.Windows;

/// <summary>What one batch's window step writes, staged in bulk (one load per table) and merged by the window_write script.</summary>
internal sealed class WindowStepRows(DateTime nowUtc)
{
    public List<(string Name, string Source, string Json)> Definitions { get; } = [];

    /// <summary>Packs: the definition never applies a late event, so a window this batch creates and makes final is
    /// stored whole in its window_state row — its aggregates as arrays, its distinct counts without their members (V015).</summary>
    public List<(string Definition, DateTime Start, DateTime End, string Key, bool LateRevision, bool Final, bool Packs)> States { get; } = [];

    /// <summary>Each window's definition and partial aggregates, in the order of <see cref="States"/>.</summary>
    private readonly List<(WindowDefinition Definition, WindowAccumulator Accumulator)> _windows = [];

    public List<(string Definition, DateTime Start, DateTime End, long Count, long Applied)> Late { get; } = [];

    public List<(string Definition, DateTime Start, string RecordId, int Rank)> Examples { get; } = [];

    public List<(string Definition, string Source, int Partition, DateTime MaxEventTime)> Watermarks { get; } = [];

    public List<(string Definition, DateTime? FinalAfter, DateTime FinalThrough)> Finals { get; } = [];

    public void AddWindow(WindowDefinition definition, DateTime start, string key, WindowAccumulator accumulator)
    {
        States.Add((definition.Name, start, start + definition.Size, key, accumulator.LateRevision, accumulator.AlreadyFinal, Packs(definition)));
        _windows.Add((definition, accumulator));
    }

    /// <summary>
    /// A window of this definition that is final can never change again: its late events are counted, not applied, and
    /// only `facet windows recompute` rewrites it (deleting it first). Under the "update" late policy a final window
    /// still changes, so its aggregates stay mergeable rows and it keeps its members.
    /// </summary>
    internal static bool Packs(WindowDefinition definition) => definition.LatePolicy != WindowLatePolicy.Update;

    public async Task WriteAsync(BatchTransaction transaction, CancellationToken ct)
    {
        var packed = PackedWindows();
        var aggregates = new List<(string Definition, DateTime Start, string Key, string Aggregate, WindowAccumulator.Partial Partial, bool IsDistinct)>();
        for (var i = 0; i < States.Count; i++)
        {
            var (definition, accumulator) = _windows[i];
            var state = States[i];
            if (packed[i])
            {
                continue;
            }

            for (var j = 0; j < definition.Aggregates.Count; j++)
            {
                var aggregate = definition.Aggregates[j];
                aggregates.Add((state.Definition, state.Start, state.Key, aggregate.Name, accumulator.Partials[j], aggregate.Function == WindowFunction.Distinct));
            }
        }

        await transaction.StageAsync("Windows/stage_window_definition", 4, Definitions, (w, d) =>
        {
            w.Text(d.Name);
            w.Text(d.Source);
            w.Text(d.Json);
            w.Timestamp(nowUtc);
        }, ct);
        await StageStatesAsync(transaction, packed, ct);
        await transaction.StageAsync("Windows/stage_window_aggregate", 11, aggregates, static (w, a) =>
        {
            w.Text(a.Definition);
            w.Timestamp(a.Start);
            w.Text(a.Key);
            w.Text(a.Aggregate);
            w.Long(a.Partial.Count);
            w.Decimal(a.Partial.Sum);
            w.Decimal(a.Partial.Min);
            w.Decimal(a.Partial.Max);
            w.TimestampOrNull(a.Partial.TimeMin);
            w.TimestampOrNull(a.Partial.TimeMax);
            w.Int(a.IsDistinct ? a.Partial.Members.Count : null);
        }, ct);
        await transaction.StageAsync("Windows/stage_window_late", 6, Late, (w, l) =>
        {
            w.Text(l.Definition);
            w.Timestamp(l.Start);
            w.Timestamp(l.End);
            w.Long(l.Count);
            w.Long(l.Applied);
            w.Timestamp(nowUtc);
        }, ct);
        await transaction.StageAsync("Windows/stage_window_late_example", 4, Examples, static (w, e) =>
        {
            w.Text(e.Definition);
            w.Timestamp(e.Start);
            w.Text(e.RecordId);
            w.Int(e.Rank);
        }, ct);
        await transaction.StageAsync("Windows/stage_window_watermark", 5, Watermarks, (w, m) =>
        {
            w.Text(m.Definition);
            w.Text(m.Source);
            w.Int(m.Partition);
            w.Timestamp(m.MaxEventTime);
            w.Timestamp(nowUtc);
        }, ct);
        await transaction.StageAsync("Windows/stage_window_final", 3, Finals, static (w, f) =>
        {
            w.Text(f.Definition);
            w.TimestampOrNull(f.FinalAfter);
            w.Timestamp(f.FinalThrough);
        }, ct);
        await transaction.RunScriptAsync("Windows/window_write", ct);
        await WriteMembersAsync(transaction, packed, ct);
    }

    /// <summary>
    /// Per window (in <see cref="States"/> order), whether it may be stored whole: its definition packs and has
    /// aggregates, and it is final after this batch — already final, or its start at or before the newest final_through
    /// staged for its definition (window_write's own test of "final after the batch"). Whether it is also new (no
    /// window_state row yet) only the database knows: window_write stores a new one whole and merges a stored one's
    /// aggregates from its staged arrays.
    /// </summary>
    private bool[] PackedWindows()
    {
        var finalThrough = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var (definition, _, through) in Finals)
        {
            if (!finalThrough.TryGetValue(definition, out var t) || through > t)
            {
                finalThrough[definition] = through;
            }
        }

        var packed = new bool[States.Count];
        for (var i = 0; i < packed.Length; i++)
        {
            var state = States[i];
            packed[i] = state.Packs && _windows[i].Definition.Aggregates.Count > 0
                && (state.Final || (finalThrough.TryGetValue(state.Definition, out var t) && state.Start <= t));
        }

        return packed;
    }

    /// <summary>
    /// One staged row per window, in key order (definition and key ordinal, then start). A window that may be stored
    /// whole carries its aggregates as aligned arrays in the definition's order (PostgreSQL binary COPY of arrays,
    /// DuckDB lists through the appender), the others nulls: a bulk import in event time stages ~5 aggregate rows fewer
    /// per window, and the database builds no arrays from rows and joins no second staged table to find them
    /// (BENCHMARKS.md, issue 18). PostgreSQL's state merge inserts in this order without sorting: writers are one at a
    /// time anyway (window_serialize), and key order keeps the primary key's inserts on few pages. The element lists
    /// are reused from row to row: both writers copy them at once.
    /// </summary>
    private Task StageStatesAsync(BatchTransaction transaction, bool[] packed, CancellationToken ct)
    {
        var order = new int[States.Count];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        Array.Sort(order, (a, b) =>
        {
            var x = States[a];
            var y = States[b];
            var c = string.CompareOrdinal(x.Definition, y.Definition);
            if (c == 0)
            {
                c = x.Start.CompareTo(y.Start);
            }

            return c != 0 ? c : string.CompareOrdinal(x.Key, y.Key);
        });

        var names = new List<string>();
        var counts = new List<long?>();
        var sums = new List<decimal?>();
        var mins = new List<decimal?>();
        var maxs = new List<decimal?>();
        var timeMins = new List<DateTime?>();
        var timeMaxs = new List<DateTime?>();
        var folded = new List<long?>();
        return transaction.StageAsync("Windows/stage_window_state", 16, order, (w, i) =>
        {
            var s = States[i];
            w.Text(s.Definition);
            w.Timestamp(s.Start);
            w.Timestamp(s.End);
            w.Text(s.Key);
            w.Int(s.LateRevision ? 1 : 0);
            w.Bool(s.Final);
            w.Timestamp(nowUtc);
            w.Bool(s.Packs);
            if (!packed[i])
            {
                w.TextArray(null);
                w.LongArray(null);
                w.DecimalArray(null);
                w.DecimalArray(null);
                w.DecimalArray(null);
                w.TimestampArray(null);
                w.TimestampArray(null);
                w.LongArray(null);
                return;
            }

            names.Clear();
            counts.Clear();
            sums.Clear();
            mins.Clear();
            maxs.Clear();
            timeMins.Clear();
            timeMaxs.Clear();
            folded.Clear();
            var (definition, accumulator) = _windows[i];
            for (var j = 0; j < definition.Aggregates.Count; j++)
            {
                var aggregate = definition.Aggregates[j];
                var partial = accumulator.Partials[j];
                names.Add(aggregate.Name);
                counts.Add(partial.Count);
                sums.Add(partial.Sum);
                mins.Add(partial.Min);
                maxs.Add(partial.Max);
                timeMins.Add(partial.TimeMin);
                timeMaxs.Add(partial.TimeMax);
                folded.Add(aggregate.Function == WindowFunction.Distinct ? partial.Members.Count : null);
            }

            w.TextArray(names);
            w.LongArray(counts);
            w.DecimalArray(NullIfAllNull(sums));
            w.DecimalArray(NullIfAllNull(mins));
            w.DecimalArray(NullIfAllNull(maxs));
            w.TimestampArray(NullIfAllNull(timeMins));
            w.TimestampArray(NullIfAllNull(timeMaxs));
            w.LongArray(NullIfAllNull(folded));
        }, ct);
    }

    /// <summary>
    /// An array whose elements are all null is stored as NULL: the readers' multi-array unnest pads it with nulls, the
    /// same values. Most built-ins count and sum, so their min, max and time arrays hold only nulls: a bulk import stages
    /// and stores four such arrays per window (1.7M windows per 1M orders).
    /// </summary>
    private static List<T>? NullIfAllNull<T>(List<T> values)
    {
        foreach (var value in values)
        {
            if (value is not null)
            {
                return values;
            }
        }

        return null;
    }

    /// <summary>
    /// The distinct members, staged after the merge: a window that may be stored whole needs its members only if it was
    /// stored before (a conflict: it merges), and the merge said which those are; a new one keeps just its count (V013,
    /// V015). A bulk import in event time stages ~6 % of the members it would otherwise (18,520 of 300,049 per 100k
    /// orders), and nothing scans, sorts and drops the rest.
    /// </summary>
    private async Task WriteMembersAsync(BatchTransaction transaction, bool[] packed, CancellationToken ct)
    {
        var staged = new List<(string Definition, DateTime Start, string Key, string Aggregate, string Member)>();
        var deferred = new List<int>();
        for (var i = 0; i < States.Count; i++)
        {
            if (packed[i])
            {
                deferred.Add(i);
            }
            else
            {
                AddMembers(i, staged);
            }
        }

        if (deferred.Count > 0 && deferred.Any(i => HasMembers(i)))
        {
            var stored = new HashSet<(string, long, string)>();
            foreach (var row in await transaction.QueryScriptAsync("Windows/window_stored_final", ct))
            {
                stored.Add(((string)row[0]!, Convert.ToInt64(row[1], CultureInfo.InvariantCulture), (string)row[2]!));
            }

            foreach (var i in deferred)
            {
                if (stored.Contains((States[i].Definition, EpochMicroseconds(States[i].Start), States[i].Key)))
                {
                    AddMembers(i, staged);
                }
            }
        }

        if (staged.Count == 0)
        {
            return;
        }

        await transaction.StageAsync("Windows/stage_window_member", 5, staged, static (w, m) =>
        {
            w.Text(m.Definition);
            w.Timestamp(m.Start);
            w.Text(m.Key);
            w.Text(m.Aggregate);
            w.Text(m.Member);
        }, ct);
        await transaction.RunScriptAsync("Windows/window_write_members", ct);
    }

    private bool HasMembers(int window) => _windows[window].Accumulator.Partials.Any(static p => p.Members.Count > 0);

    private void AddMembers(int window, List<(string Definition, DateTime Start, string Key, string Aggregate, string Member)> staged)
    {
        var (definition, accumulator) = _windows[window];
        var state = States[window];
        for (var j = 0; j < definition.Aggregates.Count; j++)
        {
            foreach (var member in accumulator.Partials[j].Members)
            {
                staged.Add((state.Definition, state.Start, state.Key, definition.Aggregates[j].Name, member));
            }
        }
    }

    private static long EpochMicroseconds(DateTime utc) => (utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
}
