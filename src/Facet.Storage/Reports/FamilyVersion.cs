using System.Globalization;

namespace Facet.Storage.Reports;

/// <summary>
/// One stream family's part of the <see cref="DataVersion"/>: its newest logged batch and the count and sum of its
/// batch ids among the newest 1000, so any commit that wrote the family (in id order or not) changes it.
/// </summary>
public readonly record struct FamilyVersion(long LastBatchId, long RecentBatches, long RecentIdSum)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{LastBatchId}.{RecentBatches}.{RecentIdSum}");
}
