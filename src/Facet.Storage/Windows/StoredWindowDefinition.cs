namespace Facet.Storage.Windows;

/// <summary>A definition the warehouse holds windows for, as last used, with its current watermark (null before any event).</summary>
public sealed record StoredWindowDefinition(WindowDefinition Definition, DateTime? Watermark);
