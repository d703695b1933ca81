namespace Facet.Storage.Windows;

/// <summary>
/// One <see cref="WindowRecompute"/> transaction: the definitions recomputed, and those an <c>--all</c> recompute
/// left alone because their source keeps no facts to recompute them from (name → why).
/// </summary>
public sealed record WindowRecomputeOutcome(IReadOnlyList<WindowRecomputeResult> Recomputed, IReadOnlyList<(string Name, string Reason)> Skipped);
