using System.Globalization;

namespace Facet.Storage.Reports;

/// <summary>
/// One stream family's part of the <see cref="DataVersion"/>: its newest logged batch and the count and sum of its
/// batch ids among the newest 1000, so any commit that wrote the family (in id order or not) changes it; for the
/// clickstream also how many of its batches' sessions and funnel progress are still pending (V023), which a trailing
/// transaction's commit lowers without logging a batch.
/// </summary>
public readonly record struct FamilyVersion(long LastBatchId, long RecentBatches, long RecentIdSum)
{
    /// <summary>Clickstream batches whose derived rows are still to be written (0 for the other families).</summary>
    public long PendingDerived { get; init; }

    public override string ToString() => PendingDerived == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{LastBatchId}.{RecentBatches}.{RecentIdSum}")
        : string.Create(CultureInfo.InvariantCulture, $"{LastBatchId}.{RecentBatches}.{RecentIdSum}+p{PendingDerived}");
}
