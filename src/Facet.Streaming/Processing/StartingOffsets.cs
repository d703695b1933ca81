namespace Facet.Streaming.Processing;

/// <summary>Where a partition with no warehouse checkpoint starts.</summary>
public enum StartingOffsets
{
    Earliest = 0,
    Latest,
}
