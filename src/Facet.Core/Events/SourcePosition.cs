namespace Facet.Core.Events;

/// <summary>
/// Where a message came from: a Kafka topic/partition/offset, or a file and 1-based line
/// (then <see cref="Partition"/> is <see cref="FilePartition"/>). Stored as lineage on facts and bad events.
/// </summary>
public readonly record struct SourcePosition(string Source, int Partition, long Offset)
{
    /// <summary>The partition value used for positions inside files.</summary>
    public const int FilePartition = -1;

    public bool IsFile => Partition == FilePartition;

    public static SourcePosition Kafka(string topic, int partition, long offset) => new(topic, partition, offset);

    public static SourcePosition File(string path, long line) => new(path, FilePartition, line);

    public override string ToString() => IsFile ? $"{Source}:{Offset}" : $"{Source}[{Partition}]@{Offset}";
}
