using Cronos;

namespace Facet.Cli.Scheduling;

/// <summary>A checked DAG: its timetable (null: manual runs only) and its tasks in a dependency order.</summary>
internal sealed record DagDefinition(
    string Id,
    string? Description,
    string? ScheduleText,
    CronExpression? Schedule,
    TimeZoneInfo TimeZone,
    DateTimeOffset StartDate,
    bool Catchup,
    int MaxActiveRuns,
    IReadOnlyList<TaskDefinition> Tasks)
{
    public DagTimetable Timetable => new(Schedule, TimeZone, StartDate);

    public TaskDefinition Task(string id) => Tasks.First(t => t.Id == id);
}
