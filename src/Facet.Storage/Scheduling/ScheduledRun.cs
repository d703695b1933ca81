namespace Facet.Storage.Scheduling;

/// <summary>One run of a DAG: unique per (DAG, logical date); times in UTC.</summary>
public sealed record ScheduledRun(
    string DagId,
    DateTime LogicalDate,
    DateTime DataIntervalStart,
    DateTime DataIntervalEnd,
    string RunType,
    string State,
    DateTime QueuedAt,
    DateTime? StartDate,
    DateTime? EndDate)
{
    public const string Scheduled = "scheduled";
    public const string Manual = "manual";
    public const string Backfill = "backfill";
}
