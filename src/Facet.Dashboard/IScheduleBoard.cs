namespace Facet.Dashboard;

/// <summary>
/// What the dashboard's schedule page reads and triggers (issue 20). The CLI implements it over the pipeline file and
/// the warehouse's scheduler tables; the dashboard shows it only when <c>facet dashboard --schedule-file</c> is given.
/// </summary>
public interface IScheduleBoard
{
    /// <summary>Every DAG with its next run and its newest <paramref name="runsPerDag"/> runs.</summary>
    Task<ScheduleBoardView> ReadAsync(int runsPerDag, CancellationToken ct);

    /// <summary>
    /// Queues a manual run of the DAG now; returns the one-line outcome, or null when there is no such DAG. Throws
    /// <see cref="InvalidOperationException"/> with a one-line reason when the warehouse cannot take the run.
    /// </summary>
    Task<string?> TriggerAsync(string dagId, CancellationToken ct);
}
