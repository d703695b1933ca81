using Facet.Storage;

namespace Facet.Streaming.Processing;

/// <summary>How the write in flight ended: committed, refused by a checkpoint guard, given up on while the warehouse was down, or cancelled at a stop deadline.</summary>
internal sealed record WriteOutcome(WriteOutcomeKind Kind, PendingWrite Write, BatchWriteResult? Result, Exception? Error, TimeSpan Duration);
