namespace Facet.Storage.Windows;

/// <summary>A mergeable aggregate: each is kept as partial state that batches add to (avg as sum and count; distinct as its members).</summary>
public enum WindowFunction
{
    Count,
    Sum,
    Min,
    Max,
    Avg,
    Distinct,

    /// <summary>A joined definition's ratio of two of its parts' aggregates, computed when read (no partial state).</summary>
    Ratio,
}
