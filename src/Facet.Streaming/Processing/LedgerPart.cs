namespace Facet.Streaming.Processing;

/// <summary>One partition's share of a batch: its <paramref name="Messages"/> up to <paramref name="NextOffset"/>, taken at <paramref name="Epoch"/>.</summary>
internal sealed record LedgerPart(PartitionId Id, object Owner, int Epoch, IReadOnlyList<RawMessage> Messages, long NextOffset);
