using System.Data.Common;
using DuckDB.NET.Data;
using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Storage.Internal;

namespace Facet.Storage.DuckDb;

/// <summary>
/// One batch in one DuckDB transaction (the appender writes inside it). Facts: the batch's keys go to a staging
/// table, one join finds those already stored, and only the rest are appended to fact_events. That join is the dedup
/// check: fact_events has no primary key (V022), and the warehouse's write gate and DuckDB's file lock let no other
/// batch commit between it and the append. Every staging table is started afresh per use by <see cref="Restage"/>.
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

            using (var appender = Restage(DuckDbSql.DimensionStage(dimension), DuckDbSql.CreateDimensionStage(dimension)))
            {
                foreach (var (naturalKey, sample) in list)
                {
                    appender.AppendRow((NaturalKey: naturalKey, Attributes: dimension.Attributes(sample, privacy)), static (row, m) =>
                    {
                        row = row.AppendValue(m.NaturalKey);
                        foreach (var attribute in m.Attributes)
                        {
                            row = attribute switch
                            {
                                null => row.AppendNullValue(),
                                bool b => row.AppendValue(b),
                                DateTime t => row.AppendValue(new DateTimeOffset(t, TimeSpan.Zero)),
                                var v => row.AppendValue((string)v),
                            };
                        }
                    });
                }
            }

            warehouse.ExecutePrepared(DuckDbSql.InsertDimension(dimension));
            warehouse.ReadPrepared(DuckDbSql.SelectDimensionKeys(dimension), reader => cache.AddPending(dimension.Index, reader.GetString(0), reader.GetInt32(1)));
        }

        return Task.CompletedTask;
    }

    public override Task<IReadOnlyList<PreparedEvent>> InsertFactsAsync(List<PreparedEvent> events, DateTime ingestedAtUtc, CancellationToken ct)
    {
        if (events.Count == 0)
        {
            return Task.FromResult<IReadOnlyList<PreparedEvent>>([]);
        }

        using (var appender = Restage(DuckDbSql.KeyStage, DuckDbSql.CreateKeyStage))
        {
            foreach (var e in events)
            {
                appender.AppendRow(e, static (row, e) => row.AppendValue(e.EventKey).AppendValue(e.EventDate));
            }
        }

        var existing = new HashSet<(Guid, DateOnly)>();
        warehouse.ReadPrepared(DuckDbSql.ExistingKeys, reader => existing.Add((reader.GetGuid(0), reader.GetFieldValue<DateOnly>(1))));

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
                writer.AppendRow((Event: e, IngestedAtUtc: ingestedAtUtc), static (w, f) => FactRow.Write(w, f.Event, f.IngestedAtUtc));
            }
        }

        return Task.FromResult<IReadOnlyList<PreparedEvent>>(inserted);
    }

    public override Task AddRollupsAsync(Rollups rollups, CancellationToken ct)
    {
        // One stage for every rollup table (a column says which), so a batch costs one restage and one appender plus
        // one upsert per table: DuckDB's cost here is per statement (BENCHMARKS.md, issue 11).
        var any = false;
        using (var appender = Restage(DuckDbSql.RollupStage, DuckDbSql.CreateRollupStage))
        {
            var zone = rollups.Zone;
            for (var t = 0; t < RollupTable.All.Length; t++)
            {
                var rows = rollups.Rows[t];
                for (var i = 0; i < rows.Count; i++)
                {
                    any = true;
                    appender.AppendRow((Table: t, Zone: zone, Rows: rows, Index: i), static (row, r) =>
                    {
                        var (rows, i) = (r.Rows, r.Index);
                        row = row.AppendValue(r.Table);
                        row = rows.DateKeys is { } days
                            ? row.AppendNullValue().AppendValue(r.Zone).AppendValue(days[i])
                            : row.AppendValue(new DateTimeOffset(rows.HoursUtc![i], TimeSpan.Zero)).AppendNullValue().AppendNullValue();
                        row.AppendValue(rows.Collections[i]).AppendValue(rows.IsBot[i]).AppendValue(rows.Key1?[i] ?? 0)
                            .AppendValue(rows.Text1?[i]).AppendValue(rows.Text2?[i]).AppendValue(rows.Events[i]);
                    });
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
            using (var appender = Restage(DuckDbSql.DeviceStage, DuckDbSql.CreateDeviceStage))
            {
                foreach (var (d, first) in rollups.Devices)
                {
                    appender.AppendRow((rollups.Zone, Day: d, First: first), static (row, r) =>
                        row.AppendValue(r.Zone).AppendValue(r.Day.DateKey).AppendValue(r.Day.IsBot).AppendValue(r.Day.DeviceId)
                            .AppendValue(new DateTimeOffset(r.First, TimeSpan.Zero)));
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

        using (var appender = Restage(DuckDbSql.BadStage, DuckDbSql.CreateBadStage))
        {
            foreach (var r in rejections)
            {
                appender.AppendRow((Rejection: r, ReceivedAtUtc: receivedAtUtc), static (row, s) =>
                {
                    var r = s.Rejection;
                    row.AppendValue(r.Position.Source)
                        .AppendValue(r.Position.Partition)
                        .AppendValue(r.Position.Offset)
                        .AppendValue(new DateTimeOffset(s.ReceivedAtUtc, TimeSpan.Zero))
                        .AppendValue(r.Code)
                        .AppendValue(r.Message)
                        .AppendValue(r.Field)
                        .AppendValue(r.Raw.ToArray());
                });
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
        using var appender = Restage(SqlScript.TableOf(stage), SqlScript.Get("DuckDb", stage).Statements);
        Append(appender, rows, write);
        return Task.CompletedTask;
    }

    public override Task AppendStageAsync<TRow>(string stage, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct)
    {
        using var appender = Connection.CreateAppender("temp", "main", SqlScript.TableOf(stage));
        Append(appender, rows, write);
        return Task.CompletedTask;
    }

    public override Task AppendAsync<TRow>(string table, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct)
    {
        if (rows.Count > 0)
        {
            using var appender = Connection.CreateAppender(table);
            Append(appender, rows, write);
        }

        return Task.CompletedTask;
    }

    private static void Append<TRow>(DuckDBAppender appender, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write)
    {
        var writer = new DuckDbRowWriter(appender);
        foreach (var row in rows)
        {
            writer.AppendRow(row, write);
        }
    }

    /// <summary>
    /// A staging table of the session (a temp table) dropped and created again, with an appender over it. Never
    /// emptied by DELETE (or TRUNCATE, its alias in DuckDB): DuckDB reclaims deleted rows only when it checkpoints,
    /// which a temp table never does, so a stage emptied that way keeps every batch's rows in memory — a 1,000,000-line
    /// import ran out of its 512 MB limit, and `facet load`/`facet run` grew for as long as they ran (BENCHMARKS.md,
    /// "DuckDB staging memory over a long run"). The cached statements that read a stage stay valid: DuckDB binds a
    /// prepared statement again when the catalog changed. A rolled-back drop or creation leaves the table as it was,
    /// and the next use drops it again.
    /// </summary>
    private DuckDBAppender Restage(string table, params IReadOnlyList<string> create)
    {
        warehouse.ExecutePrepared(DuckDbSql.DropTemp(table));
        foreach (var statement in create)
        {
            warehouse.ExecutePrepared(statement);
        }

        return Connection.CreateAppender("temp", "main", table);
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

    public override Task ReadScriptAsync(string name, Action<DbDataReader> read, CancellationToken ct)
    {
        var script = SqlScript.Get("DuckDb", name);
        for (var i = 0; i < script.Statements.Count - 1; i++)
        {
            warehouse.ExecutePrepared(script.Statements[i]);
        }

        warehouse.ReadPrepared(script.Statements[^1], read);
        return Task.CompletedTask;
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
