namespace Facet.Storage.Windows;

/// <summary>What happens to an event whose window is already final: it is always counted in window_late_event; <see cref="Update"/> also applies it.</summary>
public enum WindowLatePolicy
{
    Count,
    Update,
}
