using System.Globalization;

namespace Facet.Storage.Reports;

/// <summary>
/// What the warehouse's reports can see, as of one read: the newest logged batch and the count and sum of the newest
/// 1000 batch ids in <c>pipeline_batches</c>. Every committed batch changes it, so a cache keyed by it never serves an
/// answer older than the data; a batch committed out of id order (two writers) still changes the count and the sum.
/// </summary>
public readonly record struct DataVersion(long LastBatchId, long RecentBatches, long RecentIdSum)
{
    /// <summary>The version as a cache-key segment.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{LastBatchId}.{RecentBatches}.{RecentIdSum}");
}
