using System.Diagnostics;
using Facet.Storage.Scheduling;
using Facet.Testing;

namespace Facet.Cli.Tests.Scheduling;

/// <summary>The scheduler loop on a fake clock, against a real DuckDB warehouse and real /bin/sh tasks.</summary>
public sealed class DagSchedulerTests
{
    private static DateTime Utc(int month, int day, int hour = 0) => new(2026, month, day, hour, 0, 0, DateTimeKind.Utc);

    [Fact]
    public async Task After_downtime_catch_up_runs_every_missed_day_once_oldest_first_with_its_own_data_interval()
    {
        const string yaml = """
            dags:
              daily:
                schedule: "@daily"
                timezone: Europe/Berlin
                start_date: 2026-10-23
                catchup: true
                tasks:
                  record:
                    kind: shell
                    args: ["echo {{ ds }} {{ data_interval_start }} {{ data_interval_end }} >> ran.txt"]
            """;
        await using var harness = await SchedulerHarness.StartAsync(yaml, new DateTimeOffset(2026, 10, 25, 12, 0, 0, TimeSpan.Zero));
        var scheduler = harness.Scheduler();
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(
            ["2026-10-23 2026-10-23T00:00:00+02:00 2026-10-24T00:00:00+02:00", "2026-10-24 2026-10-24T00:00:00+02:00 2026-10-25T00:00:00+02:00"],
            harness.Lines("ran.txt"));

        // Down for three days, across the fall-back night: the 25th's interval is 25 hours long.
        harness.Clock.Advance(TimeSpan.FromDays(3));
        var restarted = harness.Scheduler();
        var wake = await restarted.TickAsync(CancellationToken.None);
        Assert.Equal(
            ["2026-10-25 2026-10-25T00:00:00+02:00 2026-10-26T00:00:00+01:00", "2026-10-26 2026-10-26T00:00:00+01:00 2026-10-27T00:00:00+01:00",
             "2026-10-27 2026-10-27T00:00:00+01:00 2026-10-28T00:00:00+01:00"],
            harness.Lines("ran.txt").Skip(2));
        var runs = await harness.Store.ListRunsAsync("daily", 100, CancellationToken.None);
        Assert.Equal(5, runs.Count);
        Assert.All(runs, r => Assert.Equal((ScheduleState.Success, ScheduledRun.Scheduled), (r.State, r.RunType)));
        Assert.True(wake <= harness.Clock.GetUtcNow().UtcDateTime.AddSeconds(30), $"the scheduler should look again within its poll interval or lease renewal, not at {wake:O}");

        // Nothing new is due: a further look runs nothing again.
        await restarted.TickAsync(CancellationToken.None);
        Assert.Equal(5, harness.Lines("ran.txt").Length);
    }

    [Fact]
    public async Task With_catch_up_off_only_the_newest_missed_interval_runs()
    {
        const string yaml = """
            dags:
              daily:
                schedule: "0 6 * * *"
                start_date: 2026-11-01
                tasks:
                  record: {kind: shell, args: ["echo {{ ds }} >> ran.txt"]}
            """;
        await using var harness = await SchedulerHarness.StartAsync(yaml, new DateTimeOffset(2026, 11, 5, 12, 0, 0, TimeSpan.Zero));
        await harness.Scheduler().TickAsync(CancellationToken.None);
        Assert.Equal(["2026-11-04"], harness.Lines("ran.txt"));
        harness.Clock.Advance(TimeSpan.FromDays(3));
        await harness.Scheduler().TickAsync(CancellationToken.None);
        Assert.Equal(["2026-11-04", "2026-11-07"], harness.Lines("ran.txt"));
    }

    [Fact]
    public async Task A_failing_task_is_retried_after_its_delay_then_fails_and_its_downstream_is_upstream_failed()
    {
        const string yaml = """
            dags:
              flaky:
                tasks:
                  fetch:
                    kind: shell
                    args: ["echo try {{ try_number }} >> fetch.txt; echo 'no such export' >&2; exit 3"]
                    retries: 2
                    retry_delay: 5m
                  load:
                    kind: shell
                    depends_on: [fetch]
                    args: ["echo load >> load.txt"]
                  report:
                    kind: shell
                    depends_on: [load]
                    args: ["echo report >> load.txt"]
                  independent:
                    kind: shell
                    args: ["exit 0"]
            """;
        var start = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        await using var harness = await SchedulerHarness.StartAsync(yaml, start);
        var logical = Utc(11, 20);
        await harness.TriggerAsync("flaky", logical);
        var scheduler = harness.Scheduler();

        var wake = await scheduler.TickAsync(CancellationToken.None);
        var tasks = await harness.TasksAsync("flaky", logical);
        Assert.Equal((ScheduleState.UpForRetry, 1, 3), (tasks["fetch"].State, tasks["fetch"].TryNumber, tasks["fetch"].MaxTries));
        Assert.Equal(start.UtcDateTime.AddMinutes(5), tasks["fetch"].NextTryAt!.Value, TimeSpan.FromSeconds(1));
        Assert.Equal((ScheduleState.Success, 3), (tasks["independent"].State, tasks["fetch"].ExitCode));
        Assert.Contains("no such export", tasks["fetch"].LogTail, StringComparison.Ordinal);
        Assert.False(tasks.ContainsKey("load"));

        // Before the delay is over nothing runs again.
        harness.Clock.Advance(TimeSpan.FromMinutes(4));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(["try 1"], harness.Lines("fetch.txt"));

        harness.Clock.Advance(TimeSpan.FromMinutes(1));
        await scheduler.TickAsync(CancellationToken.None);
        Assert.Equal(ScheduleState.UpForRetry, (await harness.TasksAsync("flaky", logical))["fetch"].State);
        harness.Clock.Advance(TimeSpan.FromMinutes(5));
        await scheduler.TickAsync(CancellationToken.None);

        tasks = await harness.TasksAsync("flaky", logical);
        Assert.Equal(["try 1", "try 2", "try 3"], harness.Lines("fetch.txt"));
        Assert.Equal((ScheduleState.Failed, 3), (tasks["fetch"].State, tasks["fetch"].TryNumber));
        Assert.Equal(ScheduleState.UpstreamFailed, tasks["load"].State);
        Assert.Equal(ScheduleState.UpstreamFailed, tasks["report"].State);
        Assert.Empty(harness.Lines("load.txt"));
        Assert.Equal(ScheduleState.Failed, (await harness.Store.GetRunAsync("flaky", logical, CancellationToken.None))!.State);
        Assert.True(wake <= start.UtcDateTime.AddMinutes(5));
    }

    [Fact]
    public async Task A_task_past_its_timeout_is_killed_and_fails_without_waiting_for_it()
    {
        const string yaml = """
            dags:
              slow:
                tasks:
                  hang:
                    kind: shell
                    args: ["echo started; sleep 120"]
                    timeout: 10m
                  after: {kind: shell, depends_on: [hang], args: ["echo after >> after.txt"]}
            """;
        await using var harness = await SchedulerHarness.StartAsync(yaml, new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
        var logical = Utc(11, 20);
        await harness.TriggerAsync("slow", logical);
        var wall = Stopwatch.StartNew();
        var tick = harness.Scheduler().TickAsync(CancellationToken.None);

        // Ten minutes pass on the fake clock only once the task is running (its timeout timer then exists).
        await Eventually.Until(
            async () =>
            {
                var tasks = await harness.TasksAsync("slow", logical);
                if (tasks.TryGetValue("hang", out var hang) && hang.State == ScheduleState.Running)
                {
                    harness.Clock.Advance(TimeSpan.FromMinutes(10));
                }

                return tick.IsCompleted;
            },
            done => done,
            TimeSpan.FromSeconds(60),
            "the hung task to be killed at its timeout");
        await tick;

        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(100), $"the task's sleep 120 was not killed (took {wall.Elapsed})");
        var final = await harness.TasksAsync("slow", logical);
        Assert.Equal(ScheduleState.Failed, final["hang"].State);
        Assert.Null(final["hang"].ExitCode);
        Assert.Contains("killed after the timeout of 00:10:00", final["hang"].LogTail, StringComparison.Ordinal);
        Assert.Equal(ScheduleState.UpstreamFailed, final["after"].State);
    }

    [Fact]
    public async Task A_task_exiting_99_is_skipped_and_so_is_its_downstream_and_the_run_succeeds()
    {
        const string yaml = """
            dags:
              optional:
                tasks:
                  check: {kind: shell, args: ["exit 99"]}
                  use: {kind: shell, depends_on: [check], args: ["echo used >> used.txt"]}
            """;
        await using var harness = await SchedulerHarness.StartAsync(yaml, new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
        await harness.TriggerAsync("optional", Utc(11, 20));
        await harness.Scheduler().TickAsync(CancellationToken.None);
        var tasks = await harness.TasksAsync("optional", Utc(11, 20));
        Assert.Equal((ScheduleState.Skipped, ScheduleState.Skipped), (tasks["check"].State, tasks["use"].State));
        Assert.Empty(harness.Lines("used.txt"));
        Assert.Equal(ScheduleState.Success, (await harness.Store.GetRunAsync("optional", Utc(11, 20), CancellationToken.None))!.State);
    }
}
