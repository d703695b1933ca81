using System.Globalization;
using Facet.Dashboard;
using Facet.Storage.Scheduling;

namespace Facet.Cli.Scheduling;

/// <summary>The dashboard's schedule page over a pipeline file and the warehouse's scheduler tables.</summary>
internal sealed class ScheduleBoard(IReadOnlyList<DagDefinition> dags, ScheduleStore store, TimeProvider time) : IScheduleBoard
{
    public async Task<ScheduleBoardView> ReadAsync(int runsPerDag, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var boards = new List<DagBoard>();
        foreach (var dag in dags)
        {
            var runs = new List<RunBoard>();
            foreach (var run in await store.ListRunsAsync(dag.Id, runsPerDag, ct))
            {
                var tasks = await store.TaskInstancesAsync(dag.Id, run.LogicalDate, ct);
                runs.Add(new RunBoard(Local(dag, run.LogicalDate), run.RunType, run.State, tasks.ToDictionary(t => t.TaskId, t => t.State, StringComparer.Ordinal)));
            }

            var next = dag.Timetable.NextDueAt(await store.LatestScheduledEndAsync(dag.Id, ct), now, dag.Catchup);
            boards.Add(new DagBoard(dag.Id, dag.ScheduleText ?? "none", dag.TimeZone.Id, next is { } due ? Local(dag, due) : null, dag.Tasks.Select(t => t.Id).ToList(), runs));
        }

        return new ScheduleBoardView(boards);
    }

    public async Task<string?> TriggerAsync(string dagId, CancellationToken ct)
    {
        if (dags.FirstOrDefault(d => d.Id == dagId) is not { } dag)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var logical = new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        var interval = dag.Timetable.ManualInterval(logical);
        int created;
        try
        {
            created = await store.CreateRunsAsync([new ScheduledRun(dag.Id, logical, interval.Start, interval.End, ScheduledRun.Manual, ScheduleState.Queued, now, null, null)], now, ct);
        }
        catch (Exception ex) when (ex is System.Data.Common.DbException or IOException)
        {
            // On DuckDB the dashboard holds the file read-only (one process writes a DuckDB file).
            throw new InvalidOperationException(
                $"cannot queue a run of {dag.Id} from the dashboard ({ex.Message.Split('\n')[0].Trim()}): a DuckDB warehouse is read-only here, so use facet schedule trigger {dag.Id} (PostgreSQL warehouses take triggers from the dashboard)", ex);
        }

        return created == 1 ? $"{dag.Id} @ {Local(dag, logical)}: queued (manual)" : $"{dag.Id} @ {Local(dag, logical)}: a run exists already; nothing queued";
    }

    private static string Local(DagDefinition dag, DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(utc, TimeSpan.Zero), dag.TimeZone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);
}
