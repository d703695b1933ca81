namespace Facet.Dashboard;

/// <summary>Body of <c>GET /api/schedule</c>: the DAGs of the pipeline file, each with a grid of its recent runs.</summary>
public sealed record ScheduleBoardView(IReadOnlyList<DagBoard> Dags);
