namespace Facet.Storage.Internal;

/// <summary>The steps of one batch transaction, in order (the fault-injection hook names them).</summary>
internal enum WriteStep
{
    /// <summary>Event-time windows (issue 19): before the stream writers, which it asks which records are new.</summary>
    Windows,
    Dimensions,
    Facts,
    Rollups,
    Sessions,

    /// <summary>The funnel progress rows (V014) of the devices the batch touched.</summary>
    Funnels,

    /// <summary>Instead of Sessions and Funnels when they trail the batch (V023): the batch's derived rows marked pending.</summary>
    DerivedPending,
    BadEvents,
    Checkpoints,
    BatchLog,
    Commit,
}
