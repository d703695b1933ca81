using System.Data.Common;
using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Storage.Internal;

/// <summary>
/// One batch's database transaction, step by step; <see cref="WarehouseBase"/> drives the steps in a fixed order.
/// Disposing without <see cref="CommitAsync"/> rolls everything back.
/// </summary>
internal abstract class BatchTransaction : IAsyncDisposable
{
    /// <summary>
    /// The clickstream's sessions and funnel progress are left to a transaction of their own after this one commits
    /// (<see cref="DerivedWrite"/>); this one marks them pending.
    /// </summary>
    public bool TrailsDerivedWrites { get; set; }

    /// <summary>Inserts the missing members (sorted by natural key) and records every member's key as pending in the cache.</summary>
    public abstract Task ResolveDimensionsAsync(List<(string NaturalKey, EnrichedEvent Sample)>[] misses, DimensionCache cache, PrivacyRules privacy, CancellationToken ct);

    /// <summary>Inserts the facts not already present and returns exactly those.</summary>
    public abstract Task<IReadOnlyList<PreparedEvent>> InsertFactsAsync(List<PreparedEvent> events, DateTime ingestedAtUtc, CancellationToken ct);

    public abstract Task AddRollupsAsync(Rollups rollups, CancellationToken ct);

    /// <summary>Writes rejections not already stored (by source position) and returns how many were new.</summary>
    public abstract Task<int> WriteBadEventsAsync(List<Rejection> rejections, DateTime receivedAtUtc, CancellationToken ct);

    /// <summary>Applies the guarded advances; returns the first one whose guard failed, or null.</summary>
    public abstract Task<CheckpointAdvance?> AdvanceCheckpointsAsync(List<CheckpointAdvance> advances, DateTime nowUtc, CancellationToken ct);

    public abstract Task LogBatchAsync(BatchInfo info, StreamFamilies families, BatchWriteResult result, DateTime? maxEventTsUtc, DateTime nowUtc, DateTime pruneBeforeUtc, CancellationToken ct);

    /// <summary>
    /// Bulk-loads <paramref name="rows"/> into the session staging table <paramref name="stage"/> (created by the
    /// embedded script of the same name, emptied first): binary COPY on PostgreSQL, the appender on DuckDB. One round
    /// trip per batch, never one per row; <paramref name="write"/> writes a row's <paramref name="columns"/> values in
    /// the stage's column order.
    /// </summary>
    public abstract Task StageAsync<TRow>(string stage, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct);

    /// <summary>
    /// Adds <paramref name="rows"/> to the stage <see cref="StageAsync"/> filled earlier in this transaction, keeping
    /// its rows: for a writer that learns from a statement between the two which further rows the stage needs.
    /// </summary>
    public abstract Task AppendStageAsync<TRow>(string stage, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct);

    /// <summary>
    /// Appends <paramref name="rows"/> to the warehouse table <paramref name="table"/> (all its columns, in its order)
    /// by the backend's bulk path — PostgreSQL's binary <c>COPY</c>, DuckDB's appender — with no conflict check: for rows
    /// the caller has made room for in this transaction, where a stage and an <c>INSERT … SELECT</c> would write every
    /// row twice.
    /// </summary>
    public abstract Task AppendAsync<TRow>(string table, int columns, IReadOnlyList<TRow> rows, Action<IFactRowWriter, TRow> write, CancellationToken ct);

    /// <summary>Runs an embedded writer script (<see cref="SqlScript"/>) in the transaction; returns its counted statements' affected rows.</summary>
    public abstract Task<long> RunScriptAsync(string name, CancellationToken ct);

    /// <summary>
    /// Runs an embedded query script (<see cref="SqlScript"/>, parameterless: it reads staged tables) in the transaction
    /// and returns its last statement's rows (scripts return times as epoch microseconds, the same on both backends).
    /// Statements before the last are run first: writes the query depends on, which PostgreSQL can put in a CTE and
    /// DuckDB cannot.
    /// </summary>
    public async Task<List<object?[]>> QueryScriptAsync(string name, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        await ReadScriptAsync(name, reader =>
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            rows.Add(row);
        }, ct);
        return rows;
    }

    /// <summary>
    /// <see cref="QueryScriptAsync"/> for a script returning many rows: <paramref name="read"/> takes each row from the
    /// reader (<see cref="ScriptColumns"/> reads its values whatever integer type each backend returns), with no
    /// object array and no boxed value per row.
    /// </summary>
    public abstract Task ReadScriptAsync(string name, Action<DbDataReader> read, CancellationToken ct);

    public abstract Task CommitAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}
