using Facet.Core.Enrichment;

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
    /// Writes a batch in one transaction: unseen dimension members, facts not already present, rollups of what was
    /// inserted, bad events, the pipeline log, and the guarded checkpoint moves. Throws
    /// <see cref="CheckpointConflictException"/> (nothing written) when a checkpoint guard fails.
    /// </summary>
    Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct);

    /// <summary>
    /// Does the CPU part of writing <paramref name="events"/> now (see <see cref="PreparedEvents"/>); pass the result
    /// as <see cref="WarehouseBatch.Prepared"/> with the same list. Thread-safe, also while a write is in flight.
    /// A warehouse that cannot prepare ahead returns null (the write then prepares the events itself).
    /// </summary>
    PreparedEvents? PrepareEvents(IReadOnlyList<EnrichedEvent> events) => null;
}
