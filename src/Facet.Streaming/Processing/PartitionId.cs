using System.Globalization;

namespace Facet.Streaming.Processing;

/// <summary>A topic partition, ordered by topic (ordinal) then partition — the order checkpoints are written in.</summary>
internal readonly record struct PartitionId(string Topic, int Partition) : IComparable<PartitionId>
{
    public int CompareTo(PartitionId other)
    {
        var c = string.CompareOrdinal(Topic, other.Topic);
        return c != 0 ? c : Partition.CompareTo(other.Partition);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Topic}[{Partition}]");
}
