using System.Globalization;
using System.Text;

namespace Facet.Storage.Reports;

/// <summary>
/// What the warehouse's reports can see, as of one read: the newest logged batch and the count and sum of the newest
/// 1000 batch ids in <c>pipeline_batches</c>, overall and per stream family (<see cref="StreamFamilies"/>, V011).
/// Every committed batch changes the overall version and the versions of the families it wrote, so a cache keyed by
/// the versions of what a report reads never serves an answer older than the data; a batch committed out of id order
/// (two writers) still changes the counts and the sums.
/// </summary>
public readonly record struct DataVersion(long LastBatchId, long RecentBatches, long RecentIdSum)
{
    public FamilyVersion Clickstream { get; init; }

    public FamilyVersion Commerce { get; init; }

    public FamilyVersion Windows { get; init; }

    /// <summary>Clickstream batches whose sessions and funnel progress are still to be written (V023, <see cref="FamilyVersion.PendingDerived"/>).</summary>
    public long PendingDerived { get; init; }

    /// <summary>The overall version as a cache-key segment: for answers that read everything (pipeline panel, KPIs).</summary>
    public override string ToString() => PendingDerived == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{LastBatchId}.{RecentBatches}.{RecentIdSum}")
        : string.Create(CultureInfo.InvariantCulture, $"{LastBatchId}.{RecentBatches}.{RecentIdSum}+p{PendingDerived}");

    /// <summary>
    /// The cache-key segment of an answer that reads <paramref name="families"/>: the versions of those families only,
    /// each named, so a commit that wrote none of them leaves the key alone. <see cref="StreamFamilies.None"/> is not a
    /// reading; it gets the overall version.
    /// </summary>
    public string KeyFor(StreamFamilies families)
    {
        if (families == StreamFamilies.None)
        {
            return ToString();
        }

        var key = new StringBuilder(48);
        Append(key, families, StreamFamilies.Clickstream, 'c', Clickstream);
        Append(key, families, StreamFamilies.Commerce, 'm', Commerce);
        Append(key, families, StreamFamilies.Windows, 'w', Windows);
        return key.ToString();
    }

    private static void Append(StringBuilder key, StreamFamilies families, StreamFamilies family, char name, FamilyVersion version)
    {
        if ((families & family) != 0)
        {
            key.Append(name).Append(version.ToString());
        }
    }
}
