namespace Facet.Storage.Internal.Windows;

/// <summary>What a window source field holds: text (keys, distinct members), a number (sum, avg, min, max) or a time (the event time, min, max).</summary>
internal enum WindowFieldKind
{
    Text,
    Number,
    Time,
}
