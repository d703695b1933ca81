namespace Facet.Streaming.Processing;

internal enum WriteOutcomeKind
{
    Committed,

    /// <summary>A checkpoint guard failed (another writer moved it, or an earlier commit's acknowledgement was lost): nothing was written.</summary>
    CheckpointConflict,

    /// <summary>The warehouse stayed unavailable past the caller's limit: nothing was written.</summary>
    GaveUp,
}
