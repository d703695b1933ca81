using Facet.Storage.Scheduling;
using Facet.Testing;

namespace Facet.Cli.Tests.Scheduling;

/// <summary>One scheduler owns a DAG at a time, through a lease row in a real PostgreSQL warehouse.</summary>
public sealed class ScheduleLeaseTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Yaml = """
        dags:
          shared:
            tasks:
              work: {kind: shell, args: ["echo {{ ds }} >> ran.txt"]}
        """;

    [Fact]
    public async Task A_second_scheduler_runs_nothing_while_the_first_holds_the_lease_and_takes_over_once_it_expires()
    {
        var start = new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);
        await using var harness = await SchedulerHarness.StartAsync(Yaml, start, database.ConnectionString);
        var first = harness.Scheduler(owner: "host-a/1/first");
        var second = harness.Scheduler(owner: "host-b/1/second");

        await harness.TriggerAsync("shared", new DateTime(2026, 11, 18, 0, 0, 0, DateTimeKind.Utc));
        await first.TickAsync(CancellationToken.None);
        Assert.Equal(["2026-11-18"], harness.Lines("ran.txt"));

        await harness.TriggerAsync("shared", new DateTime(2026, 11, 19, 0, 0, 0, DateTimeKind.Utc));
        await second.TickAsync(CancellationToken.None);
        Assert.Equal(["2026-11-18"], harness.Lines("ran.txt"));
        Assert.Equal("host-a/1/first", (await harness.Store.GetLeaseAsync("shared", CancellationToken.None))!.Owner);

        // The first scheduler goes quiet (no renewal) past its 60 s lease: the second takes the DAG over.
        harness.Clock.Advance(TimeSpan.FromSeconds(61));
        await second.TickAsync(CancellationToken.None);
        Assert.Equal(["2026-11-18", "2026-11-19"], harness.Lines("ran.txt"));
        Assert.Equal("host-b/1/second", (await harness.Store.GetLeaseAsync("shared", CancellationToken.None))!.Owner);

        // The first one's writes are refused now (the guarded update), and its next look runs nothing.
        var now = harness.Clock.GetUtcNow().UtcDateTime;
        var stale = new TaskInstanceRecord("shared", new DateTime(2026, 11, 19, 0, 0, 0, DateTimeKind.Utc), "work", ScheduleState.Failed, 1, 1, now, now, 0, 1, null, null);
        await Assert.ThrowsAsync<LeaseLostException>(() => harness.Store.CommitAsync("shared", "host-a/1/first", now.AddMinutes(1), [stale], null, CancellationToken.None));
        await harness.TriggerAsync("shared", new DateTime(2026, 11, 20, 0, 0, 0, DateTimeKind.Utc));
        await first.TickAsync(CancellationToken.None);
        Assert.Equal(["2026-11-18", "2026-11-19"], harness.Lines("ran.txt"));
        Assert.Equal(ScheduleState.Success, (await harness.TasksAsync("shared", new DateTime(2026, 11, 19, 0, 0, 0, DateTimeKind.Utc)))["work"].State);
    }

    [Fact]
    public async Task Two_schedulers_racing_for_a_free_lease_get_one_owner()
    {
        await using var harness = await SchedulerHarness.StartAsync(Yaml.Replace("shared", "raced", StringComparison.Ordinal), DateTimeOffset.UnixEpoch.AddDays(20000), database.ConnectionString);
        var now = harness.Clock.GetUtcNow().UtcDateTime;
        var attempts = Enumerable.Range(0, 8).Select(i => Task.Run(() =>
            harness.Store.AcquireLeaseAsync("raced", $"host-{i}/1/x", now, now.AddMinutes(1), _ => false, CancellationToken.None)));
        var holders = await Task.WhenAll(attempts);
        var owner = Assert.Single(holders.Select(h => h.Owner).Distinct());
        Assert.Equal(owner, (await harness.Store.GetLeaseAsync("raced", CancellationToken.None))!.Owner);
    }
}
