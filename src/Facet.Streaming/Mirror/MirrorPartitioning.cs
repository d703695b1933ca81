namespace Facet.Streaming.Mirror;

/// <summary>How source partitions map onto destination partitions (decided once, at start, from both topics' metadata).</summary>
public enum MirrorPartitioning
{
    /// <summary>The destination has at least as many partitions: a message keeps its partition number.</summary>
    SamePartition,

    /// <summary>The destination has fewer partitions: the producer picks by key hash (murmur2, as Java clients do).</summary>
    KeyHash,
}
