using System.Globalization;
using Facet.Storage.Windows;

namespace Facet.Storage.Internal.Windows;

/// <summary>
/// The transaction of <see cref="WindowRecompute"/> (issue 20): resolve the definitions, delete their windows (and late
/// counts) in the range, read the stored facts that can fall in those windows, accumulate them exactly as the streaming
/// step does (<see cref="WindowAccumulator"/>, the same keys and members), and write them through the streaming step's
/// staging and merge script. Every stored fact counts as on time: the rows are those of one batch holding all of them
/// (revisions 1, no late revisions, no late events). A watermark a stream keeps (per source partition) stays as it
/// is; a definition no stream feeds (its facts came with --windows none) gets the one a single-source load would have
/// reached: the newest stored event time minus the delay, never moving back. Final flags follow the watermark.
/// </summary>
internal static class WindowRecomputeStep
{
    private static readonly DateTime Earliest = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Latest = new(9999, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] NewestOrder = ["transactions", "transaction_lines", "product_views"];

    public static async Task<WindowRecomputeOutcome> RunAsync(BatchTransaction transaction, IReadOnlyList<WindowDefinition> configured, IReadOnlyList<string>? names, DateTime? fromUtc, DateTime? toUtc, DateTime nowUtc, CancellationToken ct)
    {
        // The streaming window steps' lock, held to the commit: a batch that feeds windows either committed before the
        // facts are read here (its contribution is deleted and recounted from its facts) or starts its window step, the
        // first thing it writes, after this commit (its facts are not read here) — never counted twice.
        await transaction.RunScriptAsync("Windows/window_serialize", ct);
        var (definitions, skipped) = Resolve(configured, await ReadStoredAsync(transaction, ct), names);
        var windowsFrom = fromUtc ?? Earliest;
        var windowsTo = toUtc ?? Latest;

        // A fact at time t is in the windows starting in (t - size, t]: those starting in [from, to) need t in [from, to + size).
        var plans = definitions.Select(d => (Definition: d, Facts: WindowFactSource.Of(d.Source)!, FactsTo: toUtc is { } to ? to + d.Size : Latest)).ToList();
        await transaction.StageAsync("Windows/stage_window_recompute", 6, plans, (w, p) =>
        {
            w.Text(p.Definition.Name);
            w.Text(p.Definition.Source);
            w.Timestamp(windowsFrom);
            w.Timestamp(p.FactsTo);
            w.Timestamp(windowsFrom);
            w.Timestamp(windowsTo);
        }, ct);
        await transaction.RunScriptAsync("Windows/window_recompute_delete", ct);

        var watermarks = await WindowStep.ReadWatermarksAsync(transaction, ct);
        var newest = (await transaction.QueryScriptAsync("Windows/window_recompute_newest", ct))[0];
        var rowsBySource = new Dictionary<string, List<WindowValue[]>>(StringComparer.Ordinal);
        foreach (var facts in plans.Select(static p => p.Facts).DistinctBy(static f => f.Name))
        {
            rowsBySource[facts.Name] = [.. (await transaction.QueryScriptAsync(facts.Script, ct)).Select(facts.ToRow)];
        }

        var output = new WindowStepRows(nowUtc);
        var results = new List<WindowRecomputeResult>(plans.Count);
        foreach (var (definition, facts, factsTo) in plans)
        {
            output.Definitions.Add((definition.Name, definition.Source, definition.ToJson()));
            var source = facts.Source;
            var time = source.Fields[definition.TimeField];
            var windows = new Dictionary<(DateTime Start, string Key), WindowAccumulator>();
            var fields = WindowAccumulator.FieldsOf(definition, source);
            var keys = new WindowKeys(definition, source);
            long read = 0;
            foreach (var row in rowsBySource[facts.Name])
            {
                if (time.Read(row).Time is not { } t || t < windowsFrom || t >= factsTo)
                {
                    continue;
                }

                read++;
                var key = keys.Of(row);
                foreach (var start in definition.WindowStarts(t))
                {
                    if (start < windowsFrom || start >= windowsTo)
                    {
                        continue;
                    }

                    if (!windows.TryGetValue((start, key), out var accumulator))
                    {
                        windows[(start, key)] = accumulator = new WindowAccumulator(definition, fields);
                    }

                    accumulator.Add(row);
                }
            }

            foreach (var ((start, key), accumulator) in windows)
            {
                output.AddWindow(definition, start, key, accumulator);
            }

            var (watermark, derived) = WatermarkOf(definition, watermarks.GetValueOrDefault(definition.Name), newest);
            if (watermark is { } w)
            {
                if (derived)
                {
                    output.Watermarks.Add((definition.Name, WindowStep.WatermarkSource, WindowStep.WatermarkPartition, w));
                }

                output.Finals.Add((definition.Name, null, w - definition.AllowedLateness - definition.Size));
            }

            results.Add(new WindowRecomputeResult(definition.Name, windows.Count, read, watermark, derived));
        }

        await output.WriteAsync(transaction, ct);
        return new WindowRecomputeOutcome(results, skipped);
    }

    /// <summary>
    /// The watermark the final flags follow. A stream feeds the definition (it has per-partition rows): the stored one,
    /// untouched — it is the minimum over the stream's partitions, which stored facts cannot tell. Otherwise (its facts
    /// came only through --windows none loads, imports or earlier recomputes) the newest stored event time of its source
    /// minus the delay, as a single-source load would have it, never behind the stored one: Derived, and written.
    /// </summary>
    private static (DateTime? Watermark, bool Derived) WatermarkOf(WindowDefinition definition, Dictionary<(string, int), DateTime>? stored, object?[] newest)
    {
        DateTime? current = stored is not null && stored.TryGetValue((WindowStep.WatermarkSource, WindowStep.WatermarkPartition), out var w) ? w : null;
        if (stored is not null && stored.Keys.Any(static k => k != (WindowStep.WatermarkSource, WindowStep.WatermarkPartition)))
        {
            return (current, false);
        }

        var cell = newest[Array.IndexOf(NewestOrder, definition.Source)];
        if (cell is null or DBNull)
        {
            return (current, false);
        }

        var derived = DateTime.UnixEpoch.AddTicks(Convert.ToInt64(cell, CultureInfo.InvariantCulture) * 10) - definition.WatermarkDelay;
        return (current is { } c && c > derived ? c : derived, true);
    }

    /// <summary>The named definitions (configured first, then stored), or every recomputable one when <paramref name="names"/> is null.</summary>
    private static (List<WindowDefinition> Definitions, List<(string, string)> Skipped) Resolve(IReadOnlyList<WindowDefinition> configured, IReadOnlyList<WindowDefinition> stored, IReadOnlyList<string>? names)
    {
        var known = new Dictionary<string, WindowDefinition>(StringComparer.Ordinal);
        foreach (var definition in stored.Concat(configured))
        {
            known[definition.Name] = definition; // configured wins: a changed definition is recomputed as it is now
        }

        var definitions = new List<WindowDefinition>();
        var skipped = new List<(string, string)>();
        if (names is null)
        {
            foreach (var definition in known.Values.OrderBy(static d => d.Name, StringComparer.Ordinal))
            {
                if (definition.IsJoin)
                {
                    continue; // stores nothing: it is read as its parts' rows, which are recomputed (or skipped) themselves
                }

                if (WindowRecompute.CannotRecompute(definition) is { } reason)
                {
                    skipped.Add((definition.Name, reason));
                }
                else
                {
                    definitions.Add(definition);
                }
            }

            return (definitions, skipped);
        }

        WindowDefinition Known(string name) => known.GetValueOrDefault(name)
            ?? throw new WindowDefinitionException($"unknown window '{name}': use one of {string.Join(", ", known.Keys.Order(StringComparer.Ordinal))} (or add it with --windows FILE)");

        // A joined definition is recomputed as its parts.
        var expanded = names.Select(Known).SelectMany(static d => d.IsJoin ? d.Join : [d.Name]).Distinct(StringComparer.Ordinal);
        foreach (var name in expanded)
        {
            var definition = Known(name);
            definitions.Add(WindowRecompute.CannotRecompute(definition) is { } reason ? throw new WindowDefinitionException(reason) : definition);
        }

        return (definitions, skipped);
    }

    private static async Task<IReadOnlyList<WindowDefinition>> ReadStoredAsync(BatchTransaction transaction, CancellationToken ct)
    {
        var stored = new List<WindowDefinition>();
        foreach (var row in await transaction.QueryScriptAsync("Windows/window_recompute_definitions", ct))
        {
            stored.Add(WindowDefinitions.Parse("[" + (string)row[1]! + "]", $"the stored definition of window '{(string)row[0]!}'")[0]);
        }

        return stored;
    }
}
