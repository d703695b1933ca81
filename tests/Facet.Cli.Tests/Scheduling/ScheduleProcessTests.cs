using Facet.Storage;
using Facet.Storage.Scheduling;
using Facet.Testing;

namespace Facet.Cli.Tests.Scheduling;

/// <summary>The real <c>facet schedule run</c> process: killed mid-run and restarted, and stopped by SIGTERM.</summary>
public sealed class ScheduleProcessTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Yaml = """
        dags:
          resume:
            tasks:
              first: {kind: shell, args: ["echo first >> ran.txt"]}
              second:
                kind: shell
                depends_on: [first]
                # Holds until the test opens the gate, so the scheduler can be killed while it runs.
                args: ["echo second >> ran.txt; while [ ! -f gate ]; do sleep 0.1; done"]
              third: {kind: shell, depends_on: [second], args: ["echo third >> ran.txt"]}
        """;

    [Fact]
    public async Task A_scheduler_killed_mid_run_is_resumed_by_the_next_one_without_running_a_finished_task_twice()
    {
        using var directory = new TempDirectory();
        var file = directory.File("pipeline.yaml");
        await File.WriteAllTextAsync(file, Yaml);
        var location = WarehouseLocation.Parse(database.ConnectionString);
        await SchedulerHarness.MigrateAsync(location);
        var logical = new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc);
        await using (var store = await ScheduleStore.OpenAsync(location, CancellationToken.None))
        {
            await store.CreateRunsAsync([new ScheduledRun("resume", logical, logical, logical, ScheduledRun.Manual, ScheduleState.Queued, logical, null, null)], logical, CancellationToken.None);
        }

        string[] args = ["schedule", "run", "--file", file, "--warehouse", database.ConnectionString, "--poll", "1s"];
        var ran = directory.File("ran.txt");
        await using (var killed = FacetProcess.Start(args))
        {
            await Eventually.Until(() => Task.FromResult(File.Exists(ran) ? File.ReadAllText(ran) : ""), text => text.Contains("second", StringComparison.Ordinal), TimeSpan.FromSeconds(90), "the second task to start");
            killed.Signal(9);
            await killed.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        // Let the orphaned shell of the killed scheduler finish; the restarted scheduler's try passes the gate at once.
        await File.WriteAllTextAsync(directory.File("gate"), "");
        await using var restarted = FacetProcess.Start(args);
        await restarted.WaitForLineAsync(line => line.Contains("resume run 2026-11-20 00:00:00Z: success", StringComparison.Ordinal), TimeSpan.FromSeconds(90));
        restarted.Signal(15);
        Assert.Equal(0, await restarted.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("stopped", restarted.StandardOutput, StringComparison.Ordinal);
        Assert.Contains("resume.second @ 2026-11-20 00:00:00Z was left running by a scheduler that stopped; it runs again", restarted.StandardError, StringComparison.Ordinal);

        var lines = await File.ReadAllLinesAsync(ran);
        Assert.Equal(1, lines.Count(l => l == "first"));
        Assert.Equal(2, lines.Count(l => l == "second"));
        Assert.Equal(1, lines.Count(l => l == "third"));
        await using var check = await ScheduleStore.OpenAsync(location, CancellationToken.None);
        var tasks = (await check.TaskInstancesAsync("resume", logical, CancellationToken.None)).ToDictionary(t => t.TaskId);
        Assert.All(tasks.Values, t => Assert.Equal((ScheduleState.Success, 1), (t.State, t.TryNumber)));
        Assert.Null(await check.GetLeaseAsync("resume", CancellationToken.None));
    }
}
