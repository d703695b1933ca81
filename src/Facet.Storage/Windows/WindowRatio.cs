namespace Facet.Storage.Windows;

/// <summary>
/// An output column of a joined definition: <paramref name="Numerator"/> ÷ <paramref name="Denominator"/>, two of its
/// parts' aggregates (count, distinct, sum or avg) of the same window and key, rounded to 6 decimals; null when the
/// denominator is zero or missing.
/// </summary>
public sealed record WindowRatio(string Name, string Numerator, string Denominator);
