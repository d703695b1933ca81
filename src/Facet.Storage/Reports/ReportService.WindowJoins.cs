using System.Globalization;
using System.Text.Json;
using Facet.Storage.Windows;

namespace Facet.Storage.Reports;

/// <summary>
/// Joined window definitions (docs/windows.md, e.g. conversion_hourly): their parts' published rows joined on
/// (window start, key) when read, with ratios of the parts' aggregates. Nothing is stored for a join but its
/// definition, so each part stays exactly-once on its own source and the join cannot drift from them.
/// </summary>
public sealed partial class ReportService
{
    /// <summary>Stored joins resolved against the stored parts; a join's watermark is its parts' lowest (none until every part has one).</summary>
    private static List<StoredWindowDefinition> ResolveStoredJoins(List<StoredWindowDefinition> stored)
    {
        if (!stored.Any(static s => s.Definition.IsJoin))
        {
            return stored;
        }

        var resolved = WindowDefinitions.ResolveJoins([.. stored.Select(static s => s.Definition)], "the stored window definitions");
        var watermarks = stored.ToDictionary(static s => s.Definition.Name, static s => s.Watermark, StringComparer.Ordinal);
        return [.. resolved.Select(d => new StoredWindowDefinition(d, d.IsJoin ? LowestWatermark(d.JoinedDefinitions.Select(p => watermarks.GetValueOrDefault(p.Name))) : watermarks[d.Name]))];
    }

    private static DateTime? LowestWatermark(IEnumerable<DateTime?> watermarks)
    {
        DateTime? lowest = null;
        foreach (var w in watermarks)
        {
            if (w is not { } t)
            {
                return null;
            }

            lowest = lowest is { } l && l <= t ? l : t;
        }

        return lowest;
    }

    /// <summary>
    /// A joined definition's windows: every (window start, key) a part publishes, with each part's aggregates (a part
    /// without that row contributes count and distinct 0, other aggregates null), the ratios, revisions summed, and
    /// final when every part is (a missing part row: when that part's watermark passed the window's end plus its
    /// lateness). Late events are the parts', summed per window.
    /// </summary>
    private async Task<WindowView> ReadJoinedWindowsAsync(WindowDefinition join, DateTime? fromUtc, DateTime? toUtc, CancellationToken ct)
    {
        if (join.JoinedDefinitions.Count == 0)
        {
            throw new WindowDefinitionException($"window '{join.Name}' joins {string.Join(", ", join.Join)} but was not resolved; resolve it with WindowDefinitions.ResolveJoins");
        }

        var parts = new List<WindowView>();
        foreach (var part in join.JoinedDefinitions)
        {
            parts.Add(await ReadWindowsAsync(part, fromUtc, toUtc, ct));
        }

        var keys = new SortedSet<(DateTime Start, string Key)>(Comparer<(DateTime Start, string Key)>.Create(static (a, b) =>
            a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Key, b.Key)));
        var byPart = parts.Select(static p => p.Rows.ToDictionary(static r => (r.WindowStart, JsonSerializer.Serialize(r.Key)))).ToList();
        foreach (var rows in byPart)
        {
            keys.UnionWith(rows.Keys);
        }

        var joined = new List<WindowRow>(keys.Count);
        foreach (var (start, keyJson) in keys)
        {
            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            var (revisions, lateRevisions, final) = (0, 0, true);
            var updated = DateTime.MinValue;
            IReadOnlyList<string?> key = [];
            for (var i = 0; i < parts.Count; i++)
            {
                var part = parts[i].Definition;
                if (byPart[i].TryGetValue((start, keyJson), out var row))
                {
                    key = row.Key;
                    revisions += row.Revisions;
                    lateRevisions += row.LateRevisions;
                    final &= row.IsFinal;
                    updated = row.LastUpdatedAt > updated ? row.LastUpdatedAt : updated;
                    foreach (var aggregate in part.Aggregates)
                    {
                        values[aggregate.Name] = row.Values[aggregate.Name];
                    }
                }
                else
                {
                    final &= parts[i].Watermark is { } w && start + part.Size + part.AllowedLateness <= w;
                    foreach (var aggregate in part.Aggregates)
                    {
                        values[aggregate.Name] = aggregate.Function is WindowFunction.Count or WindowFunction.Distinct ? 0L : null;
                    }
                }
            }

            foreach (var ratio in join.Ratios)
            {
                values[ratio.Name] = Ratio(values[ratio.Numerator], values[ratio.Denominator]);
            }

            joined.Add(new WindowRow(start, start + join.Size, key, values, revisions, lateRevisions, final, updated));
        }

        var late = parts.SelectMany(static p => p.Late)
            .GroupBy(static l => l.WindowStart)
            .OrderBy(static g => g.Key)
            .Select(static g => new WindowLateRow(g.Key, g.First().WindowEnd, g.Sum(static l => l.LateCount), g.Sum(static l => l.AppliedCount), [.. g.SelectMany(static l => l.Examples).Take(5)]))
            .ToList();
        return new WindowView(join, LowestWatermark(parts.Select(static p => p.Watermark)), joined, late);
    }

    private static decimal? Ratio(object? numerator, object? denominator)
    {
        if (numerator is null || denominator is null)
        {
            return null;
        }

        var d = Convert.ToDecimal(denominator, CultureInfo.InvariantCulture);
        return d == 0 ? null : Math.Round(Convert.ToDecimal(numerator, CultureInfo.InvariantCulture) / d, 6, MidpointRounding.ToEven);
    }
}
