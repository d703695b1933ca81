namespace Facet.Dashboard;

/// <summary>One run in the grid: its logical date (in the DAG's zone), type, state, and each task's state by task id.</summary>
public sealed record RunBoard(string LogicalDate, string RunType, string State, IReadOnlyDictionary<string, string> TaskStates);
