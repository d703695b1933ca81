using Facet.Core.Enrichment;
using Facet.Storage.Internal;

namespace Facet.Storage;

/// <summary>
/// A batch's accepted events made ready ahead of their write by <see cref="IWarehouse.PrepareEvents"/>: deduplicated
/// on (event key, UTC day), natural keys computed, rows in the unique index's order. It is CPU work only, so a
/// pipeline can do it while the previous batch is being written instead of on the write's critical path.
/// </summary>
public sealed class PreparedEvents
{
    internal PreparedEvents(object warehouse, IReadOnlyList<EnrichedEvent> source, List<PreparedEvent> events, int inBatchDuplicates)
    {
        Warehouse = warehouse;
        Source = source;
        Events = events;
        InBatchDuplicates = inBatchDuplicates;
    }

    /// <summary>The distinct events kept.</summary>
    public int Count => Events.Count;

    /// <summary>Events left out because an earlier one in the same list had the same (event key, UTC day).</summary>
    public int InBatchDuplicates { get; }

    /// <summary>The warehouse that prepared them: its options (time zone, privacy) shaped the rows.</summary>
    internal object Warehouse { get; }

    /// <summary>The list they were prepared from: a batch uses them only when its <see cref="WarehouseBatch.Events"/> is this list.</summary>
    internal IReadOnlyList<EnrichedEvent> Source { get; }

    internal List<PreparedEvent> Events { get; }
}
