namespace Facet.Storage;

/// <summary>
/// When the batch transaction brings <c>funnel_progress</c> (V014, docs/reports.md "Where funnels come from") up to
/// date. It is what makes the stored funnels' report fast, and it costs the loader CPU per event (BENCHMARKS.md).
/// </summary>
public enum FunnelProgressMode
{
    /// <summary>The default: the rows of the devices a batch touched are rebuilt in that batch's transaction.</summary>
    Live = 0,

    /// <summary>
    /// The batch only queues the devices it touched (<c>funnel_progress_backfill</c>, in its transaction); while the
    /// queue holds any, the funnel report reads the facts (exact, slower). <c>facet db maintenance</c> and
    /// <c>facet db migrate</c> compute the queued devices.
    /// </summary>
    Deferred,
}
