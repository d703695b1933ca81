using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Core.Streams;
using Facet.Storage.Streams;

namespace Facet.Storage;

/// <summary>
/// Everything one micro-batch writes, in one transaction: each stream's records (duplicates are skipped by the
/// stream's writer), rejections of every stream (to bad_events) and the checkpoints they advance.
/// <see cref="Info"/>, when given, is logged to pipeline_batches.
/// </summary>
public sealed record WarehouseBatch(
    IReadOnlyList<StreamRows> Streams,
    IReadOnlyList<Rejection> Rejections,
    IReadOnlyList<CheckpointAdvance> Checkpoints)
{
    public BatchInfo? Info { get; init; }

    /// <summary>A batch of clickstream events only (prepared by the warehouse that writes it).</summary>
    public static WarehouseBatch Clickstream(IReadOnlyList<EnrichedEvent> events, IReadOnlyList<Rejection> rejections, IReadOnlyList<CheckpointAdvance> checkpoints) =>
        new([StreamRows<EnrichedEvent>.Unprepared(StreamNames.Clickstream, events)], rejections, checkpoints);
}
