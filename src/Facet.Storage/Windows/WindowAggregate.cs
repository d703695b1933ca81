namespace Facet.Storage.Windows;

/// <summary>
/// One output column of a window definition: <paramref name="Name"/> (the column), its <paramref name="Function"/>
/// over <paramref name="Field"/> (null only for count, which then counts rows; with a field it counts non-null values).
/// </summary>
public sealed record WindowAggregate(string Name, WindowFunction Function, string? Field);
