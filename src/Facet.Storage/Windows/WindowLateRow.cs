namespace Facet.Storage.Windows;

/// <summary>Events that arrived after their window was final: how many, how many were applied anyway, and a few of their ids.</summary>
public sealed record WindowLateRow(DateTime WindowStart, DateTime WindowEnd, long LateCount, long AppliedCount, IReadOnlyList<string> Examples);
