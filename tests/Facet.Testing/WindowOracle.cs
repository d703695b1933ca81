using System.Globalization;
using System.Text.Json;
using Facet.Storage.Windows;

namespace Facet.Testing;

/// <summary>
/// A brute-force recomputation of one window definition from the raw records, batch by batch, straight from the
/// semantics in docs/windows.md (independent of the engine's code): a record counts once (the first with its key, in
/// and across batches); the watermark before a batch is the minimum over partitions of the newest event time seen,
/// minus the delay, never moving back; a window is closed when the watermark passed its end and final when it passed
/// its end plus the allowed lateness; events for a final window are counted late (and applied only with late=update).
/// Shared by the warehouse tests (batches they write themselves) and the reliability tests (batches replayed from what a
/// killed and restarted <c>facet run</c> committed).
/// </summary>
public sealed class WindowOracle(WindowDefinition definition, Func<OracleRow, IReadOnlyDictionary<string, object?>> contribution)
{
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<int, DateTime> _newest = [];
    private readonly Dictionary<(DateTime Start, string Key), (List<OracleRow> Rows, int Revisions, int LateRevisions)> _windows = [];
    private readonly Dictionary<DateTime, (long Count, long Applied, HashSet<string> Ids)> _late = [];

    public DateTime? Watermark { get; private set; }

    public void Batch(IReadOnlyList<OracleRecord> records)
    {
        var before = Watermark;
        var touched = new Dictionary<(DateTime, string), bool>();
        foreach (var record in records)
        {
            if (!record.Fresh || !_seen.Add(record.Key))
            {
                continue;
            }

            foreach (var row in record.Rows)
            {
                foreach (var start in Starts(record.Time))
                {
                    var end = start + definition.Size;
                    var closed = before is { } w && end <= w;
                    var final = before is { } f && end + definition.AllowedLateness <= f;
                    if (final)
                    {
                        var l = _late.TryGetValue(start, out var x) ? x : (0, 0, new HashSet<string>(StringComparer.Ordinal));
                        l.Count++;
                        l.Ids.Add(row.Id);
                        if (definition.LatePolicy == WindowLatePolicy.Update)
                        {
                            l.Applied++;
                        }

                        _late[start] = l;
                        if (definition.LatePolicy == WindowLatePolicy.Count)
                        {
                            continue;
                        }
                    }

                    var key = (start, JsonSerializer.Serialize(definition.Keys.Count == 0 ? [] : row.Key));
                    if (!_windows.TryGetValue(key, out var window))
                    {
                        window = ([], 0, 0);
                    }

                    window.Rows.Add(row);
                    _windows[key] = window;
                    touched[key] = (touched.TryGetValue(key, out var was) && was) || closed;
                }
            }
        }

        foreach (var (key, closed) in touched)
        {
            var window = _windows[key];
            _windows[key] = (window.Rows, window.Revisions + 1, window.LateRevisions + (closed ? 1 : 0));
        }

        foreach (var record in records)
        {
            _newest[record.Partition] = _newest.TryGetValue(record.Partition, out var t) && t >= record.Time ? t : record.Time;
        }

        if (_newest.Count > 0)
        {
            var candidate = _newest.Values.Min() - definition.WatermarkDelay;
            Watermark = Watermark is { } w && w >= candidate ? w : candidate;
        }
    }

    /// <summary>The published windows as comparable lines (the format of <see cref="Line"/>).</summary>
    public List<string> Expected() => [.. ExpectedRows().Select(static r => Line(r.Start, r.Key, r.Values, r.Revisions, r.LateRevisions, r.Final))];

    /// <summary>The published windows in window start and key order, with their aggregates' values.</summary>
    public List<(DateTime Start, string Key, Dictionary<string, object?> Values, int Revisions, int LateRevisions, bool Final)> ExpectedRows()
    {
        var list = new List<(DateTime, string, Dictionary<string, object?>, int, int, bool)>();
        foreach (var ((start, key), (rows, revisions, lateRevisions)) in _windows.OrderBy(static w => w.Key.Start).ThenBy(static w => w.Key.Key, StringComparer.Ordinal))
        {
            var final = IsFinal(start);
            if (definition.Mode == WindowOutputMode.Final && !final)
            {
                continue;
            }

            var values = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var aggregate in definition.Aggregates)
            {
                values[aggregate.Name] = Aggregate(aggregate, rows);
            }

            list.Add((start, key, values, revisions, lateRevisions, final));
        }

        return list;
    }

    /// <summary>Whether the window starting at <paramref name="start"/> is final: the watermark passed its end plus the lateness.</summary>
    public bool IsFinal(DateTime start) => Watermark is { } w && start + definition.Size + definition.AllowedLateness <= w;

    public List<string> ExpectedLate() =>
        [.. _late.OrderBy(static l => l.Key).Select(l => $"{l.Key:yyyy-MM-ddTHH:mm}|{l.Value.Count}|{l.Value.Applied}")];

    public HashSet<string> LateIds(DateTime start) => _late[start].Ids;

    public static string Line(DateTime start, string key, IReadOnlyDictionary<string, object?> values, int revisions, int lateRevisions, bool final) =>
        $"{start:yyyy-MM-ddTHH:mm}|{key}|{string.Join(";", values.OrderBy(static v => v.Key, StringComparer.Ordinal).Select(static v => $"{v.Key}={Format(v.Value)}"))}|rev={revisions}|late={lateRevisions}|final={final}";

    private static string Format(object? value) => value switch
    {
        null => "null",
        decimal d => d.ToString("0.######", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
        _ => throw new ArgumentException($"unexpected value type {value.GetType()}"),
    };

    private object? Aggregate(WindowAggregate aggregate, List<OracleRow> rows)
    {
        var inputs = rows.Select(r => contribution(r)[aggregate.Name]).ToList();
        var present = inputs.Where(static v => v is not null).ToList();
        return aggregate.Function switch
        {
            WindowFunction.Count => aggregate.Field is null ? (long)rows.Count : (long)present.Count,
            WindowFunction.Distinct => (long)present.Select(static v => Convert.ToString(v, CultureInfo.InvariantCulture)).Distinct().Count(),
            WindowFunction.Sum => present.Count == 0 ? null : present.Sum(static v => Convert.ToDecimal(v, CultureInfo.InvariantCulture)),
            WindowFunction.Avg => present.Count == 0 ? null : Math.Round(present.Sum(static v => Convert.ToDecimal(v, CultureInfo.InvariantCulture)) / present.Count, 6, MidpointRounding.ToEven),
            WindowFunction.Min => present.Count == 0 ? null : present.Min(),
            _ => present.Count == 0 ? null : present.Max(),
        };
    }

    private IEnumerable<DateTime> Starts(DateTime t)
    {
        // Every window [start, start + size) with start a multiple of the slide since the epoch, holding t.
        var first = DateTime.UnixEpoch.AddTicks((t - DateTime.UnixEpoch - definition.Size).Ticks / definition.Slide.Ticks * definition.Slide.Ticks);
        for (var start = first; start <= t; start += definition.Slide)
        {
            if (start + definition.Size > t)
            {
                yield return start;
            }
        }
    }
}
