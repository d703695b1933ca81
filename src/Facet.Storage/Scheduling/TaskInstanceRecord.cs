namespace Facet.Storage.Scheduling;

/// <summary>The state of one task in one DAG run, with its latest try; times in UTC.</summary>
public sealed record TaskInstanceRecord(
    string DagId,
    DateTime LogicalDate,
    string TaskId,
    string State,
    int TryNumber,
    int MaxTries,
    DateTime? StartDate,
    DateTime? EndDate,
    long? DurationMs,
    int? ExitCode,
    DateTime? NextTryAt,
    string? LogTail);
