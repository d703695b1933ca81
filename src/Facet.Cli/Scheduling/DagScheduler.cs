using System.Data.Common;
using Facet.Storage.Scheduling;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Scheduling;

/// <summary>
/// The scheduler loop: for each DAG whose lease it holds, it queues the runs that fell due (catch-up on or off), then
/// advances runs oldest first, one task at a time, committing each task's state before and after the task; so a
/// restarted scheduler resumes where the last one stopped and never runs a finished task again. Time comes from a
/// <see cref="TimeProvider"/>, so tests drive it with a fake clock through <see cref="TickAsync"/>.
/// </summary>
internal sealed partial class DagScheduler(
    IReadOnlyList<DagDefinition> dags,
    ScheduleStore store,
    ITaskRunner runner,
    TimeProvider time,
    SchedulerOptions options,
    ILogger logger)
{
    public string Owner => options.Owner;

    /// <summary>Runs until <paramref name="shutdown"/>: a task in flight is stopped and queued again, leases are released.</summary>
    public async Task RunAsync(CancellationToken shutdown)
    {
        try
        {
            while (!shutdown.IsCancellationRequested)
            {
                var wake = await TickAsync(shutdown);
                var delay = wake - Now();
                if (delay > TimeSpan.Zero)
                {
                    await Task.Delay(delay, time, shutdown);
                }
            }
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            // SIGTERM: fall through to release the leases.
        }
        finally
        {
            foreach (var dag in dags)
            {
                try
                {
                    await store.ReleaseLeaseAsync(dag.Id, Owner, CancellationToken.None);
                }
                catch (Exception ex) when (ex is DbException or IOException or TimeoutException)
                {
                    LogWarehouseUnavailable(logger, dag.Id, ex.Message);
                }
            }
        }
    }

    /// <summary>One look at every DAG: queue due runs, run every task that is ready. Returns when to look next.</summary>
    public async Task<DateTime> TickAsync(CancellationToken shutdown)
    {
        var wake = Now() + options.PollInterval;
        foreach (var dag in dags)
        {
            try
            {
                var now = Now();
                var holder = await store.AcquireLeaseAsync(dag.Id, Owner, now, now + options.LeaseDuration, h => SchedulerIdentity.IsGone(h.Owner), shutdown);
                options.Metrics?.WarehouseAvailable(true);
                options.Metrics?.Lease(dag.Id, holder.Owner == Owner);
                if (holder.Owner != Owner)
                {
                    LogNotOwner(logger, dag.Id, holder.Owner, holder.ExpiresAt);
                    continue;
                }

                if (await QueueDueRunsAsync(dag, shutdown) is { } due && due < wake)
                {
                    wake = due;
                }

                if (await AdvanceRunsAsync(dag, shutdown) is { } retry && retry < wake)
                {
                    wake = retry;
                }
            }
            catch (LeaseLostException ex)
            {
                LogLeaseLost(logger, dag.Id, ex.Message);
            }
            catch (Exception ex) when (ex is DbException or IOException or TimeoutException && !shutdown.IsCancellationRequested)
            {
                // The warehouse is down or (DuckDB) held by another process: look again at the next poll.
                options.Metrics?.WarehouseAvailable(false);
                LogWarehouseUnavailable(logger, dag.Id, ex.Message);
            }
        }

        var renew = Now() + options.LeaseDuration / 2;
        return renew < wake ? renew : wake;
    }

    /// <summary>Queues the scheduled runs that are due; returns when the next one falls due.</summary>
    private async Task<DateTime?> QueueDueRunsAsync(DagDefinition dag, CancellationToken ct)
    {
        if (!dag.Timetable.IsScheduled)
        {
            return null;
        }

        var now = Now();
        var latestEnd = await store.LatestScheduledEndAsync(dag.Id, ct);
        var due = dag.Timetable.DueIntervals(latestEnd, now, dag.Catchup, options.MaxCatchupRunsPerTick);
        if (due.Count > 0)
        {
            var runs = due.Select(i => new ScheduledRun(dag.Id, i.Start, i.Start, i.End, ScheduledRun.Scheduled, ScheduleState.Queued, now, null, null)).ToList();
            var created = await store.CreateRunsAsync(runs, now, ct);
            LogQueued(logger, dag.Id, created, due[0].Start, due[^1].Start);
            latestEnd = due[^1].End;
        }

        return dag.Timetable.NextDueAt(latestEnd, now, dag.Catchup);
    }

    /// <summary>Runs ready tasks of the oldest active runs until none is ready; returns the earliest retry time.</summary>
    private async Task<DateTime?> AdvanceRunsAsync(DagDefinition dag, CancellationToken ct)
    {
        while (true)
        {
            DateTime? earliestRetry = null;
            var progressed = false;
            var active = await store.ActiveRunsAsync(dag.Id, ct);
            foreach (var run in active.Take(dag.MaxActiveRuns))
            {
                var step = await StepAsync(dag, run, ct);
                progressed |= step.Progressed;
                if (step.RetryAt is { } retryAt && (earliestRetry is null || retryAt < earliestRetry))
                {
                    earliestRetry = retryAt;
                }

                if (step.Progressed)
                {
                    break; // read the runs again: this one may have finished and let the next one in
                }
            }

            if (!progressed)
            {
                return earliestRetry;
            }
        }
    }

    /// <summary>Settles what can be settled in one run without running anything, then runs at most one ready task.</summary>
    private async Task<(bool Progressed, DateTime? RetryAt)> StepAsync(DagDefinition dag, ScheduledRun run, CancellationToken ct)
    {
        var now = Now();
        var instances = (await store.TaskInstancesAsync(dag.Id, run.LogicalDate, ct)).ToDictionary(t => t.TaskId, StringComparer.Ordinal);
        var changes = new List<TaskInstanceRecord>();
        foreach (var instance in instances.Values.Where(i => i.State == ScheduleState.Running))
        {
            // Nothing runs outside this loop, so a running row here belongs to a scheduler that died mid-task: the
            // task did not finish and runs again under the same try number.
            var reset = instance with { State = ScheduleState.Queued, TryNumber = instance.TryNumber - 1, LogTail = "(interrupted: its scheduler stopped while it ran; it runs again)\n" };
            changes.Add(reset);
            instances[instance.TaskId] = reset;
            LogInterrupted(logger, dag.Id, instance.TaskId, run.LogicalDate);
        }

        TaskDefinition? ready = null;
        DateTime? retryAt = null;
        foreach (var task in dag.Tasks)
        {
            var current = instances.GetValueOrDefault(task.Id);
            if (current is not null && ScheduleState.IsFinished(current.State))
            {
                continue;
            }

            var upstream = task.DependsOn.Select(u => instances.GetValueOrDefault(u)?.State).ToList();
            string? settled = null;
            if (upstream.Any(s => s is ScheduleState.Failed or ScheduleState.UpstreamFailed))
            {
                settled = ScheduleState.UpstreamFailed;
            }
            else if (upstream.All(s => s is not null && ScheduleState.IsFinished(s)) && upstream.Any(s => s == ScheduleState.Skipped))
            {
                settled = ScheduleState.Skipped;
            }

            if (settled is not null)
            {
                var record = new TaskInstanceRecord(dag.Id, run.LogicalDate, task.Id, settled, current?.TryNumber ?? 0, task.MaxTries, null, now, null, null, null, null);
                changes.Add(record);
                instances[task.Id] = record;
                continue;
            }

            if (!upstream.All(s => s == ScheduleState.Success))
            {
                continue;
            }

            if (current is { State: ScheduleState.UpForRetry, NextTryAt: { } next } && next > now)
            {
                retryAt = retryAt is null || next < retryAt ? next : retryAt;
                continue;
            }

            ready ??= task;
        }

        var allFinished = dag.Tasks.All(t => instances.GetValueOrDefault(t.Id) is { } i && ScheduleState.IsFinished(i.State));
        ScheduledRun? runChange = null;
        if (allFinished)
        {
            var succeeded = instances.Values.All(i => i.State is ScheduleState.Success or ScheduleState.Skipped);
            runChange = run with { State = succeeded ? ScheduleState.Success : ScheduleState.Failed, StartDate = run.StartDate ?? now, EndDate = now };
            LogRunFinished(logger, dag.Id, run.LogicalDate, runChange.State);
            options.Metrics?.RunFinished(dag.Id, runChange.State);
        }
        else if (run.State == ScheduleState.Queued)
        {
            runChange = run with { State = ScheduleState.Running, StartDate = now };
        }

        if (changes.Count > 0 || runChange is not null)
        {
            await store.CommitAsync(dag.Id, Owner, now + options.LeaseDuration, changes, runChange, ct);
        }

        if (allFinished)
        {
            return (true, null);
        }

        if (ready is null)
        {
            return (changes.Count > 0 || runChange is not null, retryAt);
        }

        await RunTaskAsync(dag, runChange ?? run, ready, instances.GetValueOrDefault(ready.Id), ct);
        return (true, retryAt);
    }

    private async Task RunTaskAsync(DagDefinition dag, ScheduledRun run, TaskDefinition task, TaskInstanceRecord? previous, CancellationToken ct)
    {
        var tryNumber = (previous?.TryNumber ?? 0) + 1;
        var started = Now();
        var running = new TaskInstanceRecord(dag.Id, run.LogicalDate, task.Id, ScheduleState.Running, tryNumber, task.MaxTries, started, null, null, null, null, null);

        // The lease covers the whole try, so it cannot expire while the task runs with no chance to renew it.
        await store.CommitAsync(dag.Id, Owner, started + task.Timeout + options.LeaseDuration, [running], null, ct);
        var variables = TaskTemplate.Variables(dag, task.Id, run.RunType, run.LogicalDate, run.DataIntervalStart, run.DataIntervalEnd, tryNumber);
        var environment = new Dictionary<string, string>(options.Environment, StringComparer.Ordinal);
        foreach (var (name, value) in variables)
        {
            environment["FACET_" + name.ToUpperInvariant()] = value;
        }

        var invocation = new TaskInvocation(
            task,
            [.. task.CommandPath, .. task.ArgumentTemplates.Select(a => TaskTemplate.Render(a, variables))],
            task.OutputTemplate is { } output ? Path.Combine(options.WorkingDirectory, TaskTemplate.Render(output, variables)) : null,
            options.WorkingDirectory,
            environment,
            task.Timeout);
        LogTaskStarted(logger, dag.Id, task.Id, variables["ds"], tryNumber, task.MaxTries);
        var clock = time.GetTimestamp();
        var outcome = await runner.RunAsync(invocation, ct);
        var ended = Now();
        var duration = (long)time.GetElapsedTime(clock).TotalMilliseconds;
        if (outcome.Interrupted)
        {
            // Shutdown: not a failure and not a try; whichever scheduler runs next starts it again.
            var queued = running with { State = ScheduleState.Queued, TryNumber = tryNumber - 1, EndDate = ended, DurationMs = duration, LogTail = outcome.LogTail };
            await store.CommitAsync(dag.Id, Owner, ended + options.LeaseDuration, [queued], null, CancellationToken.None);
            ct.ThrowIfCancellationRequested();
            return;
        }

        string state;
        DateTime? nextTry = null;
        if (outcome.ExitCode == 0)
        {
            state = ScheduleState.Success;
        }
        else if (outcome.ExitCode == TaskOutcome.SkipExitCode)
        {
            state = ScheduleState.Skipped;
        }
        else if (tryNumber < task.MaxTries)
        {
            state = ScheduleState.UpForRetry;
            nextTry = ended + task.RetryDelay;
        }
        else
        {
            state = ScheduleState.Failed;
        }

        var finished = running with
        {
            State = state, EndDate = ended, DurationMs = duration, ExitCode = outcome.ExitCode, NextTryAt = nextTry, LogTail = outcome.LogTail,
        };
        await store.CommitAsync(dag.Id, Owner, ended + options.LeaseDuration, [finished], null, CancellationToken.None);
        LogTaskFinished(logger, dag.Id, task.Id, variables["ds"], state, duration / 1000.0, outcome.TimedOut ? " (timed out)" : "");
        options.Metrics?.TaskFinished(dag.Id, task.Id, state, TimeSpan.FromMilliseconds(duration));
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Dag}: queued {Count} scheduled run(s), logical dates {First:u} … {Last:u}")]
    private static partial void LogQueued(ILogger logger, string dag, int count, DateTime first, DateTime last);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Dag}.{Task} @ {Ds}: started (try {Try} of {MaxTries})")]
    private static partial void LogTaskStarted(ILogger logger, string dag, string task, string ds, int @try, int maxTries);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Dag}.{Task} @ {Ds}: {State} after {Seconds:0.0} s{Note}")]
    private static partial void LogTaskFinished(ILogger logger, string dag, string task, string ds, string state, double seconds, string note);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Dag} run {LogicalDate:u}: {State}")]
    private static partial void LogRunFinished(ILogger logger, string dag, DateTime logicalDate, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dag}.{Task} @ {LogicalDate:u} was left running by a scheduler that stopped; it runs again")]
    private static partial void LogInterrupted(ILogger logger, string dag, string task, DateTime logicalDate);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Dag} is owned by scheduler {Holder} until {ExpiresAt:u}")]
    private static partial void LogNotOwner(ILogger logger, string dag, string holder, DateTime expiresAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dag}: {Reason}")]
    private static partial void LogLeaseLost(ILogger logger, string dag, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Dag}: warehouse unavailable, trying again at the next look: {Reason}")]
    private static partial void LogWarehouseUnavailable(ILogger logger, string dag, string reason);
}
