namespace Facet.Storage.Internal;

/// <summary>The steps of one batch transaction, in order (the fault-injection hook names them).</summary>
internal enum WriteStep
{
    Dimensions,
    Facts,
    Rollups,
    Sessions,
    BadEvents,
    Checkpoints,
    BatchLog,
    Commit,
}
