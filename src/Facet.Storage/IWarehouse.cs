using Facet.Storage.Streams;

namespace Facet.Storage;

/// <summary>
/// A warehouse backend (PostgreSQL or DuckDB) behind one write API. Opened with <see cref="WarehouseFactory.OpenAsync"/>.
/// </summary>
public interface IWarehouse : IAsyncDisposable
{
    /// <summary>Where this warehouse is (password redacted by its ToString).</summary>
    WarehouseLocation Location { get; }

    /// <summary>Applies the pending versioned migrations; a no-op when up to date. Refuses a newer schema.</summary>
    Task MigrateAsync(CancellationToken ct);

    /// <summary>The stored checkpoints of one consumer group and topic: partition → next offset to read.</summary>
    Task<IReadOnlyDictionary<int, long>> ReadCheckpointsAsync(string consumerGroup, string topic, CancellationToken ct);

    /// <summary>
    /// The writer of stream <paramref name="stream"/>'s tables. Throws <see cref="ArgumentException"/> when this
    /// warehouse has no such stream or its records are not <typeparamref name="TRecord"/>.
    /// </summary>
    IStreamWriter<TRecord> Writer<TRecord>(string stream)
        where TRecord : class;

    /// <summary>
    /// Writes a batch in one transaction: each stream's records through its writer (in stream-name order), bad events,
    /// the guarded checkpoint moves and the pipeline log. Throws <see cref="CheckpointConflictException"/> (nothing
    /// written) when a checkpoint guard fails.
    /// </summary>
    Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct);

    /// <summary>
    /// Waits until every committed batch's derived rows are written too (<see cref="WarehouseOptions.TrailDerivedWrites"/>):
    /// a pipeline calls it before it reports itself finished. A trailing transaction that failed is made good here by
    /// a recovery, which throws if it cannot run.
    /// </summary>
    Task FlushAsync(CancellationToken ct);
}
