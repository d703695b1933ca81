namespace Facet.Storage.Windows;

/// <summary>A definition's published windows in a time range, its watermark and its late events (<c>facet windows show</c>, /api/windows/{name}).</summary>
public sealed record WindowView(WindowDefinition Definition, DateTime? Watermark, IReadOnlyList<WindowRow> Rows, IReadOnlyList<WindowLateRow> Late);
