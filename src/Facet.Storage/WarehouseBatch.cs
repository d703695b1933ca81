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
}
