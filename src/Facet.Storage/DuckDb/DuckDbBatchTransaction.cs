using DuckDB.NET.Data;
using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Storage.Internal;

namespace Facet.Storage.DuckDb;

/// <summary>
/// One batch in one DuckDB transaction (the appender writes inside it). Facts: the batch's keys go to a staging
/// table, one join finds those already stored, and only the rest are appended to fact_events.
/// </summary>
internal sealed class DuckDbBatchTransaction(DuckDbWarehouse warehouse, DuckDBTransaction transaction) : BatchTransaction
{
    private DuckDBConnection Connection => warehouse.Connection;

    public override Task ResolveDimensionsAsync(List<(string NaturalKey, EnrichedEvent Sample)>[] misses, DimensionCache cache, PrivacyRules privacy, CancellationToken ct)
    {
        foreach (var dimension in Dimension.All)
        {
            var list = misses[dimension.Index];
            if (list.Count == 0)
            {
                continue;
            }

            var stage = DuckDbSql.DimensionStage(dimension);
            warehouse.ExecutePrepared(DuckDbSql.Clear(stage));
            using (var appender = Connection.CreateAppender("temp", "main", stage))
            {
                foreach (var (naturalKey, sample) in list)
                {
                    var row = appender.CreateRow().AppendValue(naturalKey);
                    var attributes = dimension.Attributes(sample, privacy);
                    for (var c = 0; c < attributes.Length; c++)
                    {
                        row = attributes[c] switch
                        {
                            null => row.AppendNullValue(),
                            bool b => row.AppendValue(b),
                            DateTime t => row.AppendValue(new DateTimeOffset(t, TimeSpan.Zero)),
                            var v => row.AppendValue((string)v),
                        };
                    }

                    row.EndRow();
                }
            }

            warehouse.ExecutePrepared(DuckDbSql.InsertDimension(dimension));
            using var reader = warehouse.Prepared(DuckDbSql.SelectDimensionKeys(dimension)).ExecuteReader();
            while (reader.Read())
            {
                cache.AddPending(dimension.Index, reader.GetString(0), reader.GetInt32(1));
            }
        }

        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<PreparedEvent>> InsertFactsAsync(List<PreparedEvent> events, DateTime ingestedAtUtc, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<PreparedEvent>>([]);
        }

        warehouse.ExecutePrepared(DuckDbSql.Clear("facet_stage_keys"));
        using (var appender = Connection.CreateAppender("temp", "main", "facet_stage_keys"))
        {
            foreach (var e in events)
            {
                appender.CreateRow().AppendValue(e.EventKey).AppendValue(e.EventDate).EndRow();
            }
        }

        var existing = new HashSet<(Guid, DateOnly)>();
        using (var reader = warehouse.Prepared(DuckDbSql.ExistingKeys).ExecuteReader())
        {
            while (reader.Read())
            {
                existing.Add((reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1)));
            }
        }

        var inserted = existing.Count == 0 ? events : new List<PreparedEvent>(events.Count - existing.Count);
        if (existing.Count > 0)
        {
            foreach (var e in events)
            {
                if (!existing.Contains((e.EventKey, e.EventDate)))
                {
                    inserted.Add(e);
                }
            }
        }

        using (var appender = Connection.CreateAppender("fact_events"))
        {
            var writer = new DuckDbRowWriter(appender);
            foreach (var e in inserted)
            {
                FactRow.Write(writer, e, ingestedAtUtc);
            }
        }

        return Task.FromResult<IReadOnlyList<PreparedEvent>>(inserted);
    }

    public override Task AddRollupsAsync(Rollups rollups, CancellationToken ct)
    {
        // One stage for every rollup table (a column says which), so a batch costs one clear and one appender plus one
        // upsert per table: DuckDB's cost here is per statement (BENCHMARKS.md, issue 11).
        var any = false;
        warehouse.ExecutePrepared(DuckDbSql.Clear(DuckDbSql.RollupStage));
        using (var appender = Connection.CreateAppender("temp", "main", DuckDbSql.RollupStage))
        {
            var zone = rollups.Zone;
            for (var t = 0; t < RollupTable.All.Length; t++)
            {
                var daily = RollupTable.All[t].Daily;
                foreach (var (key, events) in rollups.Rows[t])
                {
                    any = true;
                    var row = appender.CreateRow().AppendValue(t);
                    row = daily
                        ? row.AppendNullValue().AppendValue(zone).AppendValue(key.DateKey)
                        : row.AppendValue(new DateTimeOffset(key.HourUtc, TimeSpan.Zero)).AppendNullValue().AppendNullValue();
                    row.AppendValue(key.Collection).AppendValue(key.IsBot).AppendValue(key.Key1).AppendValue(key.Key2)
                        .AppendValue(key.Text1).AppendValue(key.Text2).AppendValue(events).EndRow();
                }
            }
        }

        for (var t = 0; any && t < RollupTable.All.Length; t++)
        {
            if (rollups.Rows[t].Count > 0)
            {
                warehouse.ExecutePrepared(DuckDbSql.UpsertRollup(RollupTable.All[t], t));
            }
        }

        if (rollups.Devices.Count > 0)
        {
            warehouse.ExecutePrepared(DuckDbSql.Clear(DuckDbSql.DeviceStage));
            using (var appender = Connection.CreateAppender("temp", "main", DuckDbSql.DeviceStage))
            {
                foreach (var (d, first) in rollups.Devices)
                {
                    appender.CreateRow().AppendValue(rollups.Zone).AppendValue(d.DateKey).AppendValue(d.IsBot).AppendValue(d.DeviceId)
                        .AppendValue(new DateTimeOffset(first, TimeSpan.Zero)).EndRow();
                }
            }

            warehouse.ExecutePrepared(DuckDbSql.UpsertDeviceDays);
        }

        return Task.CompletedTask;
    }

    public override Task<int> WriteBadEventsAsync(List<Rejection> rejections, DateTime receivedAtUtc, CancellationToken ct)
    {
        if (rejections.Count == 0)
        {
            return Task.FromResult(0);
        }

        warehouse.ExecutePrepared(DuckDbSql.Clear("facet_stage_bad"));
        using (var appender = Connection.CreateAppender("temp", "main", "facet_stage_bad"))
        {
            foreach (var r in rejections)
            {
                appender.CreateRow()
                    .AppendValue(r.Position.Source)
                    .AppendValue(r.Position.Partition)
                    .AppendValue(r.Position.Offset)
                    .AppendValue(new DateTimeOffset(receivedAtUtc, TimeSpan.Zero))
                    .AppendValue(r.Code)
                    .AppendValue(r.Message)
                    .AppendValue(r.Field)
                    .AppendValue(r.Raw.ToArray())
                    .EndRow();
            }
        }

        return Task.FromResult(warehouse.ExecutePrepared(DuckDbSql.InsertBadEvents));
    }

    public override Task<CheckpointAdvance?> AdvanceCheckpointsAsync(List<CheckpointAdvance> advances, DateTime nowUtc, CancellationToken ct)
    {
        foreach (var a in advances)
        {
            var changed = a.ExpectedNextOffset == CheckpointAdvance.None
                ? warehouse.ExecutePrepared(DuckDbSql.InsertCheckpoint, a.ConsumerGroup, a.Topic, a.Partition, a.NextOffset, nowUtc)
                : warehouse.ExecutePrepared(DuckDbSql.UpdateCheckpoint, a.ConsumerGroup, a.Topic, a.Partition, a.NextOffset, nowUtc, a.ExpectedNextOffset);
            if (changed != 1)
            {
                return Task.FromResult<CheckpointAdvance?>(a);
            }
        }

        return Task.FromResult<CheckpointAdvance?>(null);
    }

    public override Task LogBatchAsync(BatchInfo info, StreamFamilies families, BatchWriteResult result, DateTime? maxEventTsUtc, DateTime nowUtc, DateTime pruneBeforeUtc, CancellationToken ct)
    {
        warehouse.ExecutePrepared(DuckDbSql.InsertBatchLog, info.WorkerId, info.StartedAt.UtcDateTime, nowUtc, info.Consumed, result.Inserted, result.Duplicates,
            result.Rejected, info.ConsumerLag, maxEventTsUtc, (short)families);
        warehouse.ExecutePrepared(DuckDbSql.PruneBatchLog, pruneBeforeUtc);
        return Task.CompletedTask;
    }

    public override Task StageAsync<TRow>(string stage, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct)
    {
        // Dropped and created again per use, not emptied by DELETE: DuckDB reclaims deleted rows only when it
        // checkpoints, which a temp table never does, so a staging table emptied by DELETE kept every batch's rows in
        // memory and a 1,000,000-line import ran out of its 512 MB limit (BENCHMARKS.md, "Issue 18: DuckDB out of
        // memory"). A rolled-back drop or creation leaves the table as it was, and the next use drops it again.
        var table = SqlScript.TableOf(stage);
        warehouse.ExecutePrepared(DuckDbSql.DropTemp(table));
        RunScript(stage);
        using var appender = Connection.CreateAppender("temp", "main", table);
        var writer = new DuckDbRowWriter(appender);
        foreach (var row in rows)
        {
            writer.StartRow();
            write(writer, row);
            writer.EndRow();
        }

        return Task.CompletedTask;
    }

    public override Task<long> RunScriptAsync(string name, CancellationToken ct) => Task.FromResult(RunScript(name));

    private long RunScript(string name)
    {
        var script = SqlScript.Get("DuckDb", name);
        long count = 0;
        for (var i = 0; i < script.Statements.Count; i++)
        {
            var changed = warehouse.ExecutePrepared(script.Statements[i]);
            if (script.Counted[i])
            {
                count += changed;
            }
        }

        return count;
    }

    public override Task<List<object?[]>> QueryScriptAsync(string name, CancellationToken ct)
    {
        var script = SqlScript.Get("DuckDb", name);
        var rows = new List<object?[]>();
        using var reader = warehouse.Prepared(script.Statements.Single()).ExecuteReader();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }

        return Task.FromResult(rows);
    }

    public override Task CommitAsync(CancellationToken ct)
    {
        transaction.Commit();
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        transaction.Dispose();
        return ValueTask.CompletedTask;
    }
}
