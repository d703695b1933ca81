using Facet.Storage.Streams;

namespace Facet.Storage.Internal.Commerce;

/// <summary>
/// What every commerce entity writer shares. Prepare: one record per entity key (the first wins, unless
/// <see cref="Supersedes"/> says a later version replaces it), sorted by the key — one lock order for concurrent
/// PostgreSQL writers. Write: the rows go to a staging table in one bulk load, and one embedded script per dialect
/// inserts what is not stored yet (insert-if-absent on the primary key) and completes or creates dimension members;
/// its counted statements say exactly how many records were new, so duplicates = records − inserted.
/// </summary>
internal abstract class CommerceStreamWriter<TRecord>(WarehouseBase warehouse) : StreamTableWriter<TRecord, PreparedRecords<TRecord>>
    where TRecord : class
{
    protected WarehouseBase Warehouse => warehouse;

    /// <summary>The dedup key: what makes two records the same entity (or the same version of it).</summary>
    protected abstract string Key(TRecord record);

    /// <summary>In-batch: whether <paramref name="candidate"/> replaces <paramref name="kept"/>, which has the same key (default: the first wins).</summary>
    protected virtual bool Supersedes(TRecord candidate, TRecord kept) => false;

    /// <summary>The record's event time (freshness in the pipeline log); null for dimension records.</summary>
    protected abstract DateTimeOffset? EventTime(TRecord record);

    /// <summary>Stages the rows and runs the stream's script; returns the records newly stored (or changed, for a dimension).</summary>
    protected abstract Task<long> WriteRowsAsync(BatchTransaction transaction, List<TRecord> rows, DateTime nowUtc, CancellationToken ct);

    /// <summary>
    /// The window step's probe key of a record: the id (and, for a versioned dimension, the time) it is stored under;
    /// null for a stream that feeds no windows.
    /// </summary>
    protected virtual (string Id, DateTime? At)? ProbeKey(TRecord record, DateTime nowUtc) => null;

    /// <summary>Whether a record whose key is stored with <paramref name="storedVersion"/> still changes something (default: no, a duplicate).</summary>
    protected virtual bool IsNewerThan(TRecord record, long storedVersion) => false;

    public sealed override async Task<IReadOnlyList<object>?> NewRecordsAsync(BatchTransaction transaction, object prepared, DateTime nowUtc, CancellationToken ct)
    {
        var rows = ((PreparedRecords<TRecord>)prepared).Rows;
        if (rows.Count == 0)
        {
            return [];
        }

        if (ProbeKey(rows[0], nowUtc) is null)
        {
            return null;
        }

        var numbered = new List<(int Index, TRecord Record)>(rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            numbered.Add((i, rows[i]));
        }

        await transaction.StageAsync("Windows/stage_window_probe", 3, numbered, (w, r) =>
        {
            var (id, at) = ProbeKey(r.Record, nowUtc)!.Value;
            w.Text(r.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
            w.Text(id);
            w.TimestampOrNull(at);
        }, ct);
        var stored = new Dictionary<int, long>();
        foreach (var row in await transaction.QueryScriptAsync("Windows/window_probe_" + Stream, ct))
        {
            stored[int.Parse((string)row[0]!, System.Globalization.CultureInfo.InvariantCulture)] = Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture);
        }

        var fresh = new List<object>(rows.Count - stored.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            if (!stored.TryGetValue(i, out var version) || IsNewerThan(rows[i], version))
            {
                fresh.Add(rows[i]);
            }
        }

        return fresh;
    }

    protected sealed override PreparedRecords<TRecord> PrepareCore(IReadOnlyList<TRecord> records)
    {
        var index = new Dictionary<string, int>(records.Count, StringComparer.Ordinal);
        var rows = new List<(string Key, TRecord Record)>(records.Count);
        foreach (var record in records)
        {
            var key = Key(record);
            if (!index.TryGetValue(key, out var at))
            {
                index[key] = rows.Count;
                rows.Add((key, record));
            }
            else if (Supersedes(record, rows[at].Record))
            {
                rows[at] = (key, record);
            }
        }

        rows.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var sorted = new List<TRecord>(rows.Count);
        foreach (var (_, record) in rows)
        {
            sorted.Add(record);
        }

        return new PreparedRecords<TRecord>(sorted, records.Count - rows.Count);
    }

    protected sealed override async Task<StreamWriteOutcome> WriteAsync(BatchTransaction transaction, PreparedRecords<TRecord> prepared, DateTime nowUtc, CancellationToken ct)
    {
        if (prepared.Rows.Count == 0)
        {
            return new StreamWriteOutcome(new StreamWriteResult(Stream, 0, prepared.InBatchDuplicates), null);
        }

        warehouse.Step(WriteStep.Facts, ct);
        var inserted = checked((int)await WriteRowsAsync(transaction, prepared.Rows, nowUtc, ct));
        DateTime? maxEventTime = null;
        if (inserted > 0)
        {
            // The newest event time among the batch's rows: the script does not say which rows were new, and a
            // duplicate's time was already seen, so this can only be later than the truth when the batch re-sent
            // its newest record — good enough for the freshness it feeds.
            foreach (var row in prepared.Rows)
            {
                if (EventTime(row) is { } t && (maxEventTime is null || t.UtcDateTime > maxEventTime))
                {
                    maxEventTime = t.UtcDateTime;
                }
            }
        }

        var duplicates = prepared.InBatchDuplicates + prepared.Rows.Count - inserted;
        return new StreamWriteOutcome(new StreamWriteResult(Stream, inserted, duplicates), maxEventTime);
    }

    /// <summary>yyyymmdd of <paramref name="time"/> in the reporting time zone, as fact_events.date_key.</summary>
    protected int DateKey(DateTimeOffset time)
    {
        var local = TimeZoneInfo.ConvertTime(time, warehouse.WriteOptions.ReportingTimeZone);
        return (local.Year * 10000) + (local.Month * 100) + local.Day;
    }

    /// <summary>The version stamp of a type 1 member: ticks of its newest time; 0 without one (an inferred member is -1).</summary>
    protected static long Version(DateTimeOffset? time) => time?.UtcTicks ?? 0;
}
