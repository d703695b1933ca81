using Facet.Core.Events;
using Facet.Storage.Streams;

namespace Facet.Storage.Internal;

/// <summary>The typed half of a stream writer: records of <typeparamref name="TRecord"/>, prepared as <typeparamref name="TPrepared"/>.</summary>
internal abstract class StreamTableWriter<TRecord, TPrepared> : StreamTableWriter, IStreamWriter<TRecord>
    where TRecord : class
    where TPrepared : class
{
    public StreamRows<TRecord> Prepare(IReadOnlyList<TRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        return new StreamRows<TRecord>(Stream, records, this, PrepareCore(records));
    }

    public StreamRows<TRecord> Prepare(IReadOnlyList<TRecord> records, IReadOnlyList<SourcePosition> positions)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(positions);
        return new StreamRows<TRecord>(Stream, records, this, PrepareCore(records), positions);
    }

    public sealed override object PrepareFor(StreamRows rows)
    {
        if (rows is not StreamRows<TRecord> typed)
        {
            throw new ArgumentException($"stream '{Stream}' takes records of type {typeof(TRecord).Name}, not {rows.GetType().GenericTypeArguments.FirstOrDefault()?.Name}", nameof(rows));
        }

        // Prepared by another writer (another warehouse, with its own time zone and privacy rules): prepare again.
        var prepared = ReferenceEquals(typed.PreparedBy, this) && typed.Prepared is TPrepared ahead ? ahead : PrepareCore(typed.Records);
        return ForWrite(prepared, typed.Records);
    }

    /// <summary>
    /// The preparation to write, as the batch's write starts (in the engine, after the write before it finished):
    /// <paramref name="prepared"/>, or the records prepared again when what it assumed does not hold (the clickstream's
    /// duplicates of an earlier batch that has not committed).
    /// </summary>
    protected virtual TPrepared ForWrite(TPrepared prepared, IReadOnlyList<TRecord> records) => prepared;

    public sealed override Task BeforeTransactionAsync(object prepared, CancellationToken ct) => BeforeTransactionAsync((TPrepared)prepared, ct);

    public sealed override Task<StreamWriteOutcome> WriteAsync(BatchTransaction transaction, object prepared, DateTime nowUtc, CancellationToken ct) =>
        WriteAsync(transaction, (TPrepared)prepared, nowUtc, ct);

    /// <summary>CPU only (no cache, no connection), thread-safe: dedup in batch, keys, row order.</summary>
    protected abstract TPrepared PrepareCore(IReadOnlyList<TRecord> records);

    protected virtual Task BeforeTransactionAsync(TPrepared prepared, CancellationToken ct) => Task.CompletedTask;

    protected abstract Task<StreamWriteOutcome> WriteAsync(BatchTransaction transaction, TPrepared prepared, DateTime nowUtc, CancellationToken ct);
}
