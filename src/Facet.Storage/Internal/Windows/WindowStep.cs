using System.Globalization;
using Facet.Storage.Windows;

namespace Facet.Storage.Internal.Windows;

/// <summary>
/// The window step of the batch transaction (issue 19, docs/windows.md), before the stream writers: each definition
/// fed by a stream in the batch reads its watermark (stored with the checkpoints, in this transaction), takes the
/// batch's accepted records that are new (the stream writer's probe: not stored yet, or a newer version), adds them
/// to their windows' partial aggregates, counts events for windows already final in window_late_event, moves the
/// watermark per source partition and marks the windows it passed as final — all rows of the same transaction as the
/// records and checkpoints, so a crash at any instant neither loses nor doubles a contribution.
/// </summary>
internal sealed class WindowStep
{
    private const int MaxExamples = 5;
    internal const string WatermarkSource = "*";
    internal const int WatermarkPartition = -1;

    private readonly WarehouseBase _warehouse;
    private readonly Dictionary<string, List<(WindowDefinition Definition, WindowSource Source, string Json)>> _byStream = new(StringComparer.Ordinal);
    private readonly List<(WindowDefinition Definition, string Json)> _joins = [];

    public WindowStep(WarehouseBase warehouse, IReadOnlyList<WindowDefinition> definitions)
    {
        _warehouse = warehouse;
        foreach (var definition in WindowDefinitions.ResolveJoins(definitions))
        {
            if (definition.IsJoin)
            {
                // A join keeps no state: it is stored beside its parts, so readers of the warehouse know it.
                _joins.Add((definition, definition.ToJson()));
                continue;
            }

            var source = WindowDefinitions.SourceOf(definition);
            if (!_byStream.TryGetValue(source.Stream, out var list))
            {
                _byStream[source.Stream] = list = [];
            }

            list.Add((definition, source, definition.ToJson()));
        }
    }

    public async Task WriteAsync(BatchTransaction transaction, PreparedBatch batch, DateTime nowUtc, CancellationToken ct)
    {
        // Every batch passes the named step, windows or not, so the fault-injection hook sees the same order always.
        _warehouse.Step(WriteStep.Windows, ct);
        if (_byStream.Count == 0 || !batch.Streams.Any(s => _byStream.ContainsKey(s.Writer.Stream)))
        {
            return;
        }

        // Concurrent workers' window steps one at a time, from before the watermark is read to the commit.
        await transaction.RunScriptAsync("Windows/window_serialize", ct);
        var stored = await ReadWatermarksAsync(transaction, ct);
        var output = new WindowStepRows(nowUtc);
        foreach (var (writer, prepared) in batch.Streams)
        {
            if (!_byStream.TryGetValue(writer.Stream, out var definitions))
            {
                continue;
            }

            var fresh = await writer.NewRecordsAsync(transaction, prepared, nowUtc, ct)
                ?? throw new InvalidOperationException($"stream '{writer.Stream}' feeds windows but its writer cannot tell new records from stored ones");
            var given = batch.Rows[writer.Stream];
            foreach (var (definition, source, json) in definitions)
            {
                output.Definitions.Add((definition.Name, definition.Source, json));
                Apply(definition, source, fresh, given, stored.GetValueOrDefault(definition.Name), output);
            }
        }

        foreach (var (join, json) in _joins)
        {
            if (output.Definitions.Any(d => join.Join.Contains(d.Name)))
            {
                // The parts too, so a join whose other part has no batch yet still reads as a window without rows.
                foreach (var part in join.JoinedDefinitions.Where(p => !output.Definitions.Any(d => d.Name == p.Name)))
                {
                    output.Definitions.Add((part.Name, part.Source, part.ToJson()));
                }

                output.Definitions.Add((join.Name, join.Source, json));
            }
        }

        await output.WriteAsync(transaction, ct);
    }

    private static void Apply(WindowDefinition definition, WindowSource source, IReadOnlyList<object> fresh, Streams.StreamRows given, Dictionary<(string, int), DateTime>? stored, WindowStepRows output)
    {
        var time = source.Fields[definition.TimeField];
        stored ??= [];
        DateTime? before = stored.TryGetValue((WatermarkSource, WatermarkPartition), out var published) ? published : null;

        // The watermark's inputs: the newest event time per source partition over every accepted record (duplicates
        // were seen too), so it does not depend on what happened to be stored already.
        var seen = new Dictionary<(string, int), DateTime>();
        var positions = given.Positions;
        for (var i = 0; i < given.AllRecords.Count; i++)
        {
            var key = positions is null ? ("batch", 0) : positions[i].IsFile ? ("file", 0) : (positions[i].Source, positions[i].Partition);
            foreach (var row in source.Rows(given.AllRecords[i]))
            {
                if (time.Read(row).Time is { } t && (!seen.TryGetValue(key, out var max) || t > max))
                {
                    seen[key] = t;
                }
            }
        }

        var windows = new Dictionary<(DateTime Start, string Key), WindowAccumulator>();
        var late = new Dictionary<DateTime, (long Count, long Applied, List<string> Examples)>();
        var fields = WindowAccumulator.FieldsOf(definition, source);
        var keys = new WindowKeys(definition, source);
        foreach (var record in fresh)
        {
            foreach (var row in source.Rows(record))
            {
                if (time.Read(row).Time is not { } t)
                {
                    continue;
                }

                var key = keys.Of(row);
                foreach (var start in definition.WindowStarts(t))
                {
                    var end = start + definition.Size;
                    var closed = before is { } w && end <= w;
                    var final = before is { } f && end + definition.AllowedLateness <= f;
                    if (final)
                    {
                        var entry = late.TryGetValue(start, out var e) ? e : (0L, 0L, new List<string>());
                        entry.Item1++;
                        if (entry.Item3.Count < MaxExamples)
                        {
                            entry.Item3.Add(source.Id(row));
                        }

                        if (definition.LatePolicy == WindowLatePolicy.Update)
                        {
                            entry.Item2++;
                        }

                        late[start] = entry;
                        if (definition.LatePolicy != WindowLatePolicy.Update)
                        {
                            continue;
                        }
                    }

                    if (!windows.TryGetValue((start, key), out var accumulator))
                    {
                        windows[(start, key)] = accumulator = new WindowAccumulator(definition, fields) { AlreadyFinal = final };
                    }

                    accumulator.LateRevision |= closed;
                    accumulator.Add(row);
                }
            }
        }

        foreach (var ((start, key), accumulator) in windows)
        {
            output.AddWindow(definition, start, key, accumulator);
        }

        foreach (var (start, (count, applied, examples)) in late)
        {
            output.Late.Add((definition.Name, start, start + definition.Size, count, applied));
            for (var i = 0; i < examples.Count; i++)
            {
                output.Examples.Add((definition.Name, start, examples[i], i + 1));
            }
        }

        // The watermark after this batch: the minimum over partitions (stored merged with this batch's) minus the
        // delay, never behind the one before.
        foreach (var (partition, t) in seen)
        {
            if (!stored.TryGetValue(partition, out var old) || t > old)
            {
                stored[partition] = t;
            }

            output.Watermarks.Add((definition.Name, partition.Item1, partition.Item2, t));
        }

        DateTime? lowest = null;
        foreach (var (partition, t) in stored)
        {
            if (partition != (WatermarkSource, WatermarkPartition) && (lowest is null || t < lowest))
            {
                lowest = t;
            }
        }

        DateTime? after = lowest is { } l ? l - definition.WatermarkDelay : null;
        if (before is { } b && (after is null || after < b))
        {
            after = b;
        }

        if (after is { } watermark && watermark != before)
        {
            output.Watermarks.Add((definition.Name, WatermarkSource, WatermarkPartition, watermark));
            DateTime? finalAfter = before is { } x ? x - definition.AllowedLateness - definition.Size : null;
            output.Finals.Add((definition.Name, finalAfter, watermark - definition.AllowedLateness - definition.Size));
        }
    }

    /// <summary>definition → (source, partition) → newest event time; (*, -1) holds the watermark itself.</summary>
    internal static async Task<Dictionary<string, Dictionary<(string, int), DateTime>>> ReadWatermarksAsync(BatchTransaction transaction, CancellationToken ct)
    {
        var all = new Dictionary<string, Dictionary<(string, int), DateTime>>(StringComparer.Ordinal);
        foreach (var row in await transaction.QueryScriptAsync("Windows/window_read_watermarks", ct))
        {
            var definition = (string)row[0]!;
            if (!all.TryGetValue(definition, out var partitions))
            {
                all[definition] = partitions = [];
            }

            var micros = Convert.ToInt64(row[3], CultureInfo.InvariantCulture);
            partitions[((string)row[1]!, Convert.ToInt32(row[2], CultureInfo.InvariantCulture))] = DateTime.UnixEpoch.AddTicks(micros * 10);
        }

        return all;
    }
}
