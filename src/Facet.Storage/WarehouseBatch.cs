using Facet.Core.Enrichment;
using Facet.Core.Events;

namespace Facet.Storage;

/// <summary>
/// Everything one micro-batch writes, in one transaction: accepted events (duplicates are skipped), rejections
/// (to bad_events) and the checkpoints they advance. <see cref="Info"/>, when given, is logged to pipeline_batches.
/// </summary>
public sealed record WarehouseBatch(
    IReadOnlyList<EnrichedEvent> Events,
    IReadOnlyList<Rejection> Rejections,
    IReadOnlyList<CheckpointAdvance> Checkpoints)
{
    public BatchInfo? Info { get; init; }

    /// <summary>
    /// <see cref="IWarehouse.PrepareEvents"/> of <see cref="Events"/>, done ahead by the writing warehouse. Ignored (the
    /// write prepares again) when it was made by another warehouse or from another list.
    /// </summary>
    public PreparedEvents? Prepared { get; init; }
}
