namespace Facet.Storage;

/// <summary>
/// Which families of tables a committed batch wrote, logged with it in <c>pipeline_batches.families</c> (V011) so the
/// report cache keys each report by the versions of the families it reads: a commerce batch leaves the clickstream
/// reports' keys alone and the reverse (issue 20, docs/cache.md). The values are stored bits: never renumber them.
/// </summary>
[Flags]
public enum StreamFamilies
{
    None = 0,

    /// <summary>The clickstream's facts, rollups and dimensions, with the sessions derived from them in the same transaction.</summary>
    Clickstream = 1,

    /// <summary>The commerce entity streams' tables (customers, products, orders, product views, interactions, clicks, logs).</summary>
    Commerce = 2,

    /// <summary>The event-time windows' state (any stream's batch may move it; <c>facet windows recompute</c> writes only it).</summary>
    Windows = 4,

    /// <summary>Everything: what a batch logged before V011 counts as.</summary>
    All = Clickstream | Commerce | Windows,
}
