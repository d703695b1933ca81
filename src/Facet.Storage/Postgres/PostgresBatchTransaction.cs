using System.Data.Common;
using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Storage.Internal;
using Npgsql;
using NpgsqlTypes;

namespace Facet.Storage.Postgres;

/// <summary>
/// One batch on one connection. Facts: an optimistic binary COPY straight into fact_events under a savepoint (no
/// staging, no extra index probe). When it meets an existing (event_key, event_date) it rolls back to the savepoint
/// and, for this and the next batches, first probes the primary key and COPYs only the unseen events; only when a
/// concurrent writer wins a race after the probe does a batch load through a temp table with INSERT … ON CONFLICT DO
/// NOTHING RETURNING, which tells exactly which rows were new.
/// </summary>
internal sealed class PostgresBatchTransaction(PostgresWarehouse warehouse, NpgsqlConnection connection, NpgsqlTransaction transaction) : BatchTransaction
{
    private const string FactsSavepoint = "facts";

    public override async Task ResolveDimensionsAsync(List<(string NaturalKey, EnrichedEvent Sample)>[] misses, DimensionCache cache, PrivacyRules privacy, CancellationToken ct)
    {
        foreach (var dimension in Dimension.All)
        {
            var list = misses[dimension.Index];
            if (list.Count == 0)
            {
                continue;
            }

            var naturalKeys = new string[list.Count];
            var columns = new Array[dimension.Columns.Length];
            for (var c = 0; c < columns.Length; c++)
            {
                columns[c] = dimension.Columns[c].Type switch
                {
                    DimensionType.Boolean => new bool?[list.Count],
                    DimensionType.Timestamp => new DateTime?[list.Count],
                    _ => new string?[list.Count],
                };
            }

            for (var i = 0; i < list.Count; i++)
            {
                naturalKeys[i] = list[i].NaturalKey;
                var attributes = dimension.Attributes(list[i].Sample, privacy);
                for (var c = 0; c < columns.Length; c++)
                {
                    columns[c].SetValue(attributes[c], i);
                }
            }

            await using var insert = new NpgsqlCommand(PostgresSql.InsertDimension(dimension), connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter { Value = naturalKeys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            for (var c = 0; c < columns.Length; c++)
            {
                insert.Parameters.Add(new NpgsqlParameter
                {
                    Value = columns[c],
                    NpgsqlDbType = NpgsqlDbType.Array | dimension.Columns[c].Type switch
                    {
                        DimensionType.Boolean => NpgsqlDbType.Boolean,
                        DimensionType.Timestamp => NpgsqlDbType.TimestampTz,
                        _ => NpgsqlDbType.Text,
                    },
                });
            }

            // The new members' keys come back from the insert itself; only the members it skipped (stored already,
            // by an earlier batch or a concurrent writer that committed first) are read by key, in a statement of
            // their own, whose snapshot sees a writer that committed while the insert waited on its row. A load's
            // misses are nearly all new, so the probe of every miss by natural key (0.22 s per 1M events for
            // dim_customer alone) is gone (issue 22, BENCHMARKS.md).
            var inserted = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await insert.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    var naturalKey = reader.GetString(0);
                    inserted.Add(naturalKey);
                    cache.AddPending(dimension.Index, naturalKey, reader.GetInt32(1));
                }
            }

            var stored = Array.FindAll(naturalKeys, k => !inserted.Contains(k));
            if (stored.Length == 0)
            {
                continue;
            }

            await using var select = new NpgsqlCommand(PostgresSql.SelectDimensionKeys(dimension), connection, transaction);
            select.Parameters.Add(new NpgsqlParameter { Value = stored, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            await using (var reader = await select.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    cache.AddPending(dimension.Index, reader.GetString(0), reader.GetInt32(1));
                }
            }
        }
    }

    public override async Task<IReadOnlyList<PreparedEvent>> InsertFactsAsync(List<PreparedEvent> events, DateTime ingestedAtUtc, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return [];
        }

        if (warehouse.ProbeFirstBatchesLeft == 0)
        {
            if (await TryCopyAsync(events, ingestedAtUtc, ct))
            {
                return events;
            }

            warehouse.ProbeFirstBatchesLeft = PostgresWarehouse.ProbeFirstBatches;
            Log.DuplicateFallback(warehouse.Logger, PostgresWarehouse.ProbeFirstBatches);
        }
        else
        {
            warehouse.ProbeFirstBatchesLeft--;
        }

        // Duplicates are expected: probe the primary key for this batch's keys and COPY only the unseen events. That
        // costs one index probe per event, far less than staging every row and inserting it with ON CONFLICT.
        var unseen = await WithoutStoredAsync(events, ct);
        if (unseen.Count < events.Count)
        {
            // Duplicates keep coming: stay on the probe path rather than waste an optimistic COPY every few batches.
            warehouse.ProbeFirstBatchesLeft = PostgresWarehouse.ProbeFirstBatches;
        }

        if (unseen.Count == 0 || await TryCopyAsync(unseen, ingestedAtUtc, ct))
        {
            return unseen;
        }

        // Another writer stored some of these events between the probe and the COPY (it committed while ours
        // waited on its index entries): only ON CONFLICT DO NOTHING decides that race row by row.
        return await InsertIfAbsentAsync(events, ingestedAtUtc, ct);
    }

    /// <summary>COPYs the events straight into fact_events under a savepoint; false (rolled back) when one is stored.</summary>
    private async Task<bool> TryCopyAsync(List<PreparedEvent> events, DateTime ingestedAtUtc, CancellationToken ct)
    {
        await transaction.SaveAsync(FactsSavepoint, ct);
        try
        {
            await CopyAsync(PostgresSql.CopyFacts, events, ingestedAtUtc, ct);
            await transaction.ReleaseAsync(FactsSavepoint, ct);
            return true;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(FactsSavepoint, ct);
            return false;
        }
    }

    /// <summary>
    /// The events whose (event_key, event_date) is not in fact_events yet: one key probe per day of the batch (the day
    /// is a constant, so each probe touches one partition's primary key).
    /// </summary>
    private async Task<List<PreparedEvent>> WithoutStoredAsync(List<PreparedEvent> events, CancellationToken ct)
    {
        var keysByDay = new Dictionary<DateOnly, List<Guid>>();
        foreach (var e in events)
        {
            if (!keysByDay.TryGetValue(e.EventDate, out var keys))
            {
                keysByDay[e.EventDate] = keys = [];
            }

            keys.Add(e.EventKey);
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var (day, keys) in keysByDay)
        {
            var probe = new NpgsqlBatchCommand(PostgresSql.SelectStoredFactKeys);
            probe.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day, NpgsqlDbType = NpgsqlDbType.Date });
            probe.Parameters.Add(new NpgsqlParameter { Value = keys.ToArray(), NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Uuid });
            batch.BatchCommands.Add(probe);
        }

        var stored = new HashSet<(Guid, DateOnly)>();
        await using (var reader = await batch.ExecuteReaderAsync(ct))
        {
            do
            {
                while (await reader.ReadAsync(ct))
                {
                    stored.Add((reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1)));
                }
            }
            while (await reader.NextResultAsync(ct));
        }

        if (stored.Count == 0)
        {
            return events;
        }

        var unseen = new List<PreparedEvent>(events.Count - stored.Count);
        foreach (var e in events)
        {
            if (!stored.Contains((e.EventKey, e.EventDate)))
            {
                unseen.Add(e);
            }
        }

        return unseen;
    }

    private async Task<IReadOnlyList<PreparedEvent>> InsertIfAbsentAsync(List<PreparedEvent> events, DateTime ingestedAtUtc, CancellationToken ct)
    {
        await using (var stage = new NpgsqlCommand(PostgresSql.CreateFactStage, connection, transaction))
        {
            await stage.ExecuteNonQueryAsync(ct);
        }

        await CopyAsync(PostgresSql.CopyFactStage, events, ingestedAtUtc, ct);
        var inserted = new HashSet<(Guid, DateOnly)>(events.Count);
        await using (var insert = new NpgsqlCommand(PostgresSql.InsertFactsIfAbsent, connection, transaction))
        await using (var reader = await insert.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                inserted.Add((reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1)));
            }
        }

        var result = new List<PreparedEvent>(inserted.Count);
        foreach (var e in events)
        {
            if (inserted.Contains((e.EventKey, e.EventDate)))
            {
                result.Add(e);
            }
        }

        return result;
    }

    private async Task CopyAsync(string copy, List<PreparedEvent> events, DateTime ingestedAtUtc, CancellationToken ct)
    {
        const int FlushAt = 1 << 16;
        using var writer = new PostgresBinaryRowWriter(FactRow.Columns.Length);
        var stream = await connection.BeginRawBinaryCopyAsync(copy, ct);
        try
        {
            foreach (var e in events)
            {
                FactRow.Write(writer, e, ingestedAtUtc);
                if (writer.Pending >= FlushAt)
                {
                    await stream.WriteAsync(writer.Flush(), ct);
                    writer.Reset();
                }
            }

            writer.Finish();
            await stream.WriteAsync(writer.Flush(), ct);
            writer.Reset();
        }
        catch
        {
            // Abort the COPY (CopyFail) instead of completing it with a partial row; the transaction rolls back anyway.
            // When the connection is already broken (or the write was cancelled) cancelling fails too: the original
            // exception is the one callers classify (retry, shutdown), so it is rethrown unchanged.
            try
            {
                await stream.CancelAsync();
            }
            catch (Exception cancel) when (cancel is NpgsqlException or IOException or InvalidOperationException or OperationCanceledException)
            {
            }

            throw;
        }

        // Disposing the raw stream completes the COPY and surfaces the server's errors.
        await stream.DisposeAsync();
    }

    public override async Task AddRollupsAsync(Rollups rollups, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        for (var t = 0; t < RollupTable.All.Length; t++)
        {
            var table = RollupTable.All[t];
            var rows = rollups.Rows[t];
            if (rows.Count == 0)
            {
                continue;
            }

            // The columns as the tally sorted them: bound as they are, no copy per batch (RollupRows).
            var command = new NpgsqlBatchCommand(PostgresSql.UpsertRollup(table));
            if (table.Daily)
            {
                command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = rollups.Zone });
                command.Parameters.Add(new NpgsqlParameter { Value = rows.DateKeys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            }
            else
            {
                command.Parameters.Add(new NpgsqlParameter { Value = rows.HoursUtc, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            }

            command.Parameters.Add(new NpgsqlParameter { Value = rows.Collections, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = rows.IsBot, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
            if (table.IntColumns.Length > 0)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = rows.Key1, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            }

            Array?[] texts = [rows.Text1, rows.Text2];
            for (var i = 0; i < table.TextColumns.Length; i++)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = texts[i], NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            }

            command.Parameters.Add(new NpgsqlParameter { Value = rows.Events, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
            batch.BatchCommands.Add(command);
        }

        if (rollups.Devices.Count > 0)
        {
            var devices = rollups.Devices;
            var days = new int[devices.Count];
            var bots = new bool[devices.Count];
            var ids = new string[devices.Count];
            var firsts = new DateTime[devices.Count];
            for (var i = 0; i < devices.Count; i++)
            {
                var (key, first) = (devices[i].Key, devices[i].Value);
                (days[i], bots[i], ids[i], firsts[i]) = (key.DateKey, key.IsBot, key.DeviceId, first);
            }

            var command = new NpgsqlBatchCommand(PostgresSql.UpsertDeviceDays);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = rollups.Zone });
            command.Parameters.Add(new NpgsqlParameter { Value = days, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
            command.Parameters.Add(new NpgsqlParameter { Value = bots, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Boolean });
            command.Parameters.Add(new NpgsqlParameter { Value = ids, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter { Value = firsts, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
            batch.BatchCommands.Add(command);
        }

        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    public override async Task<int> WriteBadEventsAsync(List<Rejection> rejections, DateTime receivedAtUtc, CancellationToken ct)
    {
        if (rejections.Count == 0)
        {
            return 0;
        }

        var n = rejections.Count;
        var sources = new string[n];
        var partitions = new int[n];
        var offsets = new long[n];
        var received = new DateTime[n];
        var codes = new string[n];
        var messages = new string[n];
        var fields = new string?[n];
        var raws = new byte[n][];
        for (var i = 0; i < n; i++)
        {
            var r = rejections[i];
            (sources[i], partitions[i], offsets[i]) = (r.Position.Source, r.Position.Partition, r.Position.Offset);
            received[i] = receivedAtUtc;
            (codes[i], messages[i], fields[i]) = (r.Code, r.Message, r.Field);
            raws[i] = r.Raw.ToArray();
        }

        await using var command = new NpgsqlCommand(PostgresSql.InsertBadEvents, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter { Value = sources, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = partitions, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Integer });
        command.Parameters.Add(new NpgsqlParameter { Value = offsets, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = received, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        command.Parameters.Add(new NpgsqlParameter { Value = codes, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = messages, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = fields, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = raws, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea });
        return await command.ExecuteNonQueryAsync(ct);
    }

    public override async Task<CheckpointAdvance?> AdvanceCheckpointsAsync(List<CheckpointAdvance> advances, DateTime nowUtc, CancellationToken ct)
    {
        if (advances.Count == 0)
        {
            return null;
        }

        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var a in advances)
        {
            var command = new NpgsqlBatchCommand(a.ExpectedNextOffset == CheckpointAdvance.None ? PostgresSql.InsertCheckpoint : PostgresSql.UpdateCheckpoint);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = a.ConsumerGroup });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = a.Topic });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = a.Partition });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = a.NextOffset });
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = nowUtc, NpgsqlDbType = NpgsqlDbType.TimestampTz });
            if (a.ExpectedNextOffset != CheckpointAdvance.None)
            {
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = a.ExpectedNextOffset });
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(ct);
        for (var i = 0; i < advances.Count; i++)
        {
            if (batch.BatchCommands[i].RecordsAffected != 1)
            {
                return advances[i];
            }
        }

        return null;
    }

    public override async Task LogBatchAsync(BatchInfo info, StreamFamilies families, BatchWriteResult result, DateTime? maxEventTsUtc, DateTime nowUtc, DateTime pruneBeforeUtc, CancellationToken ct)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var insert = new NpgsqlBatchCommand(PostgresSql.InsertBatchLog);
        insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = info.WorkerId });
        insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = info.StartedAt.UtcDateTime, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = nowUtc, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = info.Consumed });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = result.Inserted });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = result.Duplicates });
        insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = result.Rejected });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)info.ConsumerLag ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint });
        insert.Parameters.Add(new NpgsqlParameter { Value = (object?)maxEventTsUtc ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        insert.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)families });
        var prune = new NpgsqlBatchCommand(PostgresSql.PruneBatchLog);
        prune.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = pruneBeforeUtc, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(prune);
        await batch.ExecuteNonQueryAsync(ct);
    }

    public override async Task StageAsync<TRow>(string stage, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct)
    {
        // The stage is ON COMMIT DELETE ROWS (and a rollback takes its rows too), so it is empty here.
        await RunScriptAsync(stage, ct);
        await CopyIntoAsync(SqlScript.TableOf(stage), columns, rows, write, ct);
    }

    public override Task AppendStageAsync<TRow>(string stage, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct) =>
        CopyIntoAsync(SqlScript.TableOf(stage), columns, rows, write, ct);

    public override Task AppendAsync<TRow>(string table, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct) =>
        rows.Count == 0 ? Task.CompletedTask : CopyIntoAsync(table, columns, rows, write, ct);

    private async Task CopyIntoAsync<TRow>(string table, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct)
    {
        const int FlushAt = 1 << 16;
        using var writer = new PostgresBinaryRowWriter(columns);
        var stream = await connection.BeginRawBinaryCopyAsync(PostgresSql.CopyInto(table), ct);
        try
        {
            foreach (var row in rows)
            {
                writer.StartRow();
                write(writer, row);
                writer.EndRow();
                if (writer.Pending >= FlushAt)
                {
                    await stream.WriteAsync(writer.Flush(), ct);
                    writer.Reset();
                }
            }

            writer.Finish();
            await stream.WriteAsync(writer.Flush(), ct);
            writer.Reset();
        }
        catch
        {
            // As in CopyAsync: abort the COPY rather than complete a partial row; rethrow the original failure.
            try
            {
                await stream.CancelAsync();
            }
            catch (Exception cancel) when (cancel is NpgsqlException or IOException or InvalidOperationException or OperationCanceledException)
            {
            }

            throw;
        }

        await stream.DisposeAsync();
    }

    public override async Task<long> RunScriptAsync(string name, CancellationToken ct)
    {
        var script = SqlScript.Get("Postgres", name);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var statement in script.Statements)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(statement));
        }

        await batch.ExecuteNonQueryAsync(ct);
        long count = 0;
        for (var i = 0; i < script.Statements.Count; i++)
        {
            if (script.Counted[i])
            {
                count += batch.BatchCommands[i].RecordsAffected;
            }
        }

        return count;
    }

    public override async Task ReadScriptAsync(string name, Action<DbDataReader> read, CancellationToken ct)
    {
        var script = SqlScript.Get("Postgres", name);
        for (var i = 0; i < script.Statements.Count - 1; i++)
        {
            await using var write = new NpgsqlCommand(script.Statements[i], connection, transaction);
            await write.ExecuteNonQueryAsync(ct);
        }

        await using var command = new NpgsqlCommand(script.Statements[^1], connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            read(reader);
        }
    }

    public override Task CommitAsync(CancellationToken ct) => transaction.CommitAsync(ct);

    public override async ValueTask DisposeAsync()
    {
        await transaction.DisposeAsync();
        await connection.DisposeAsync();
    }
}
