using Facet.Storage.Windows;

namespace Facet.Storage.Internal.Windows;

/// <summary>What one batch's window step writes, staged in bulk (one load per table) and merged by the window_write script.</summary>
internal sealed class WindowStepRows(DateTime nowUtc)
{
    public List<(string Name, string Source, string Json)> Definitions { get; } = [];

    /// <summary>FoldMembers: the definition has a distinct aggregate and never applies a late event, so a window this
    /// batch creates and makes final keeps its distinct counts in window_aggregate.members_folded instead of its members
    /// (window_write decides which windows those are; V013).</summary>
    public List<(string Definition, DateTime Start, DateTime End, string Key, bool LateRevision, bool Final, bool FoldMembers)> States { get; } = [];

    public List<(string Definition, DateTime Start, string Key, string Aggregate, WindowAccumulator.Partial Partial, bool IsDistinct)> Aggregates { get; } = [];

    public List<(string Definition, DateTime Start, string Key, string Aggregate, string Member)> Members { get; } = [];

    public List<(string Definition, DateTime Start, DateTime End, long Count, long Applied)> Late { get; } = [];

    public List<(string Definition, DateTime Start, string RecordId, int Rank)> Examples { get; } = [];

    public List<(string Definition, string Source, int Partition, DateTime MaxEventTime)> Watermarks { get; } = [];

    public List<(string Definition, DateTime? FinalAfter, DateTime FinalThrough)> Finals { get; } = [];

    public void AddWindow(WindowDefinition definition, DateTime start, string key, WindowAccumulator accumulator)
    {
        States.Add((definition.Name, start, start + definition.Size, key, accumulator.LateRevision, accumulator.AlreadyFinal, FoldsMembers(definition)));
        for (var i = 0; i < definition.Aggregates.Count; i++)
        {
            var aggregate = definition.Aggregates[i];
            var partial = accumulator.Partials[i];
            Aggregates.Add((definition.Name, start, key, aggregate.Name, partial, aggregate.Function == WindowFunction.Distinct));
            foreach (var member in partial.Members)
            {
                Members.Add((definition.Name, start, key, aggregate.Name, member));
            }
        }
    }

    /// <summary>
    /// A window of this definition that is final can never gain a member: its late events are counted, not applied.
    /// Under the "update" late policy a final window still changes, so it keeps its members.
    /// </summary>
    internal static bool FoldsMembers(WindowDefinition definition) =>
        definition.LatePolicy != WindowLatePolicy.Update && definition.Aggregates.Any(static a => a.Function == WindowFunction.Distinct);

    public async Task WriteAsync(BatchTransaction transaction, CancellationToken ct)
    {
        await transaction.StageAsync("Windows/stage_window_definition", 4, Definitions, (w, d) =>
        {
            w.Text(d.Name);
            w.Text(d.Source);
            w.Text(d.Json);
            w.Timestamp(nowUtc);
        }, ct);
        await transaction.StageAsync("Windows/stage_window_state", 8, States, (w, s) =>
        {
            w.Text(s.Definition);
            w.Timestamp(s.Start);
            w.Timestamp(s.End);
            w.Text(s.Key);
            w.Int(s.LateRevision ? 1 : 0);
            w.Bool(s.Final);
            w.Timestamp(nowUtc);
            w.Bool(s.FoldMembers);
        }, ct);
        await transaction.StageAsync("Windows/stage_window_aggregate", 11, Aggregates, static (w, a) =>
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
        await transaction.StageAsync("Windows/stage_window_member", 5, Members, static (w, m) =>
        {
            w.Text(m.Definition);
            w.Timestamp(m.Start);
            w.Text(m.Key);
            w.Text(m.Aggregate);
            w.Text(m.Member);
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
    }
}
