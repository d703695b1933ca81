using Facet.Storage.Streams;

namespace Facet.Storage.Internal;

/// <summary>
/// A stream's writer as <see cref="WarehouseBase"/> drives it inside the batch transaction. Untyped, so one batch can
/// carry many streams; <see cref="StreamTableWriter{TRecord, TPrepared}"/> is the typed side a stream implements.
/// </summary>
internal abstract class StreamTableWriter
{
    public abstract string Stream { get; }

    /// <summary>The prepared form of <paramref name="rows"/>: what this writer made ahead, else prepared now.</summary>
    public abstract object PrepareFor(StreamRows rows);

    /// <summary>Work outside the transaction, before it starts (PostgreSQL: create missing partitions).</summary>
    public virtual Task BeforeTransactionAsync(object prepared, CancellationToken ct) => Task.CompletedTask;

    public abstract Task<StreamWriteOutcome> WriteAsync(BatchTransaction transaction, object prepared, DateTime nowUtc, CancellationToken ct);

    /// <summary>
    /// The window step (issue 19), before this writer writes in the same transaction: which of the prepared records
    /// are new (not stored yet, or newer than the stored version), in prepared order; null when the stream feeds no
    /// windows.
    /// </summary>
    public virtual Task<IReadOnlyList<object>?> NewRecordsAsync(BatchTransaction transaction, object prepared, DateTime nowUtc, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<object>?>(null);

    /// <summary>The transaction that wrote <paramref name="prepared"/> committed: keep what the write learned (e.g. dimension keys).</summary>
    public virtual void Committed(object prepared)
    {
    }

    /// <summary>The transaction rolled back: forget what the write learned.</summary>
    public virtual void RolledBack()
    {
    }
}
