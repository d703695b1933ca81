namespace Facet.Storage.Windows;

/// <summary>
/// What a definition publishes: <see cref="Update"/> shows a window's row from its first event on, revised every batch
/// that changes it; <see cref="Final"/> shows it only once the watermark passed its end plus the allowed lateness.
/// </summary>
public enum WindowOutputMode
{
    Update,
    Final,
}
