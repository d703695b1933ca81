namespace Facet.Storage.Windows;

/// <summary>
/// One window and key as published: its bounds, the key values (named by the definition's keys), each aggregate's
/// value by its output name (count and distinct: long; sum: long for whole-number fields, else decimal; avg: decimal;
/// min and max: decimal or UTC DateTime; null when no value contributed), how often it was revised and whether it is final.
/// </summary>
public sealed record WindowRow(
    DateTime WindowStart,
    DateTime WindowEnd,
    IReadOnlyList<string?> Key,
    IReadOnlyDictionary<string, object?> Values,
    int Revisions,
    int LateRevisions,
    bool IsFinal,
    DateTime LastUpdatedAt);
