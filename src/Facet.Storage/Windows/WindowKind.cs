namespace Facet.Storage.Windows;

/// <summary>How a window definition cuts event time: fixed, non-overlapping windows, or windows of a size that start every slide.</summary>
public enum WindowKind
{
    Tumbling,
    Hopping,
}
