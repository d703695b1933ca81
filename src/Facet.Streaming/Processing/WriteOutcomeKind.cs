namespace Facet.Streaming.Processing;

internal enum WriteOutcomeKind
{
    Committed,

    /// <summary>A checkpoint guard failed (another writer moved it, or an earlier commit's acknowledgement was lost): nothing was written.</summary>
    CheckpointConflict,

    /// <summary>The warehouse stayed unavailable past the caller's limit: nothing was written.</summary>
    GaveUp,

    /// <summary>
    /// Cancelled at the caller's stop deadline (<see cref="WritePipeline.CancelAt"/>): rolled back, or — when the
    /// cancel met the commit — committed; either way the warehouse checkpoint says which, and nothing is lost.
    /// </summary>
    Cancelled,
}
