namespace Facet.Dashboard;

/// <summary>One DAG on the schedule page: its timetable, next run (in its zone; null: manual only), tasks and newest runs first.</summary>
public sealed record DagBoard(string Id, string Schedule, string TimeZone, string? NextRun, IReadOnlyList<string> Tasks, IReadOnlyList<RunBoard> Runs);
