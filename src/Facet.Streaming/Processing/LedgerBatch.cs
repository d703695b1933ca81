namespace Facet.Streaming.Processing;

/// <summary>What <see cref="PartitionLedger.Take"/> took: one part per partition and all their messages in (topic, partition, offset) order.</summary>
internal sealed record LedgerBatch(IReadOnlyList<LedgerPart> Parts, IReadOnlyList<RawMessage> Messages)
{
    /// <summary>Given back by <see cref="PartitionLedger.Recycle"/>: its list may already hold a later batch's messages.</summary>
    public bool Recycled { get; set; }
}
