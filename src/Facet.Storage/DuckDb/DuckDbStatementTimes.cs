using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Facet.Storage.DuckDb;

/// <summary>
/// Wall time and calls per batch statement of one DuckDB warehouse, what pg_stat_statements gives on PostgreSQL (DuckDB
/// keeps no such view): logged at Debug when the warehouse closes, so `facet load --log-level Debug` names the
/// statements a load spent its time in (issue 22: one of them grew batch after batch unseen in the process totals).
/// The warehouse's connection runs one statement at a time, so no locking.
/// </summary>
internal sealed partial class DuckDbStatementTimes
{
    private readonly Dictionary<string, (long Ticks, int Calls)> _times = new(StringComparer.Ordinal);

    /// <summary>Adds the time since <paramref name="startTimestamp"/> (<see cref="Stopwatch.GetTimestamp"/>) to <paramref name="sql"/>.</summary>
    public void Add(string sql, long startTimestamp)
    {
        var elapsed = Stopwatch.GetTimestamp() - startTimestamp;
        _times.TryGetValue(sql, out var time);
        _times[sql] = (time.Ticks + elapsed, time.Calls + 1);
    }

    /// <summary>The <paramref name="count"/> statements with the most time, most first: seconds, calls and the statement's start.</summary>
    public IReadOnlyList<(double Seconds, int Calls, string Statement)> Top(int count) =>
        [.. _times
            .OrderByDescending(static t => t.Value.Ticks)
            .Take(count)
            .Select(static t => ((double)t.Value.Ticks / Stopwatch.Frequency, t.Value.Calls, Shorten(t.Key)))];

    private static string Shorten(string sql)
    {
        var line = Whitespace().Replace(sql, " ").Trim();
        return line.Length <= 120 ? line : line[..120] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
