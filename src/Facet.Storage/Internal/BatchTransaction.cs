using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Storage.Internal;

/// <summary>
/// One batch's database transaction, step by step; <see cref="WarehouseBase"/> drives the steps in a fixed order.
/// Disposing without <see cref="CommitAsync"/> rolls everything back.
/// </summary>
internal abstract class BatchTransaction : IAsyncDisposable
{
    /// <summary>Inserts the missing members (sorted by natural key) and records every member's key as pending in the cache.</summary>
    public abstract Task ResolveDimensionsAsync(List<(string NaturalKey, EnrichedEvent Sample)>[] misses, DimensionCache cache, PrivacyRules privacy, CancellationToken ct);

    /// <summary>Inserts the facts not already present and returns exactly those.</summary>
    public abstract Task<IReadOnlyList<PreparedEvent>> InsertFactsAsync(List<PreparedEvent> events, DateTime ingestedAtUtc, CancellationToken ct);

    public abstract Task AddRollupsAsync(Rollups rollups, CancellationToken ct);

    /// <summary>Writes rejections not already stored (by source position) and returns how many were new.</summary>
    public abstract Task<int> WriteBadEventsAsync(List<Rejection> rejections, DateTime receivedAtUtc, CancellationToken ct);

    /// <summary>Applies the guarded advances; returns the first one whose guard failed, or null.</summary>
    public abstract Task<CheckpointAdvance?> AdvanceCheckpointsAsync(List<CheckpointAdvance> advances, DateTime nowUtc, CancellationToken ct);

    public abstract Task LogBatchAsync(BatchInfo info, BatchWriteResult result, DateTime? maxEventTsUtc, DateTime nowUtc, DateTime pruneBeforeUtc, CancellationToken ct);

    public abstract Task CommitAsync(CancellationToken ct);

    public abstract ValueTask DisposeAsync();
}
