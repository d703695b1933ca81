using System.Globalization;
using Facet.Core.Commerce;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// Issue 19's crash guarantee for windows fed by Kafka: <c>facet run --streams commerce</c> computing the built-in
/// windows, killed with SIGKILL at 5 random moments and restarted each time, then left to finish, ends with windows
/// equal to a brute-force recomputation from the generator's raw records on the broker — product views and orders out of
/// order and late (the generator's <c>--late</c> moves 10 % of them 1–6 hours back: some within the allowed lateness,
/// some beyond it, counted late) — with the late counts exact.
/// <para>
/// Exact regardless of batching: with Kafka the batch boundaries, hence the watermark's steps and which events are
/// late, differ from run to run and with every kill. <see cref="WindowReplay"/> therefore recomputes the windows in the
/// batches the warehouse committed (each fact row's <c>loaded_at</c> is its batch transaction's time), so every
/// aggregate, revision count, final flag, late count and the watermark must match — a contribution lost or doubled by a
/// kill, or a watermark committed apart from its batch, cannot. No duplicates in the input (see <see cref="WindowReplay"/>);
/// malformed messages are in it (they move no watermark).
/// </para>
/// On each backend (<see cref="PostgresWindowRunCrashTests"/>, <see cref="DuckDbWindowRunCrashTests"/>); the warehouse
/// is read only between runs (a DuckDB file is closed to others while facet writes it), progress during a run comes from
/// its Prometheus endpoint.
/// </summary>
public abstract class WindowRunCrashTests(EmbeddedKafka kafka) : IClassFixture<EmbeddedKafka>, IDisposable
{
    private const int Messages = 20_000;
    private const int Partitions = 4;

    // A restarted member waits for the killed one's session (6 s) to expire before it gets partitions.
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    protected TempDirectory Directory { get; } = new();

    /// <summary>A new, empty warehouse: a probe of it (and its --warehouse argument).</summary>
    protected abstract WarehouseProbe CreateEmptyWarehouse();

    [Fact]
    public async Task Windowed_run_killed_with_SIGKILL_at_5_random_moments_ends_with_the_recomputed_windows_and_exact_late_counts()
    {
        var truthPath = Directory.File("truth.json");
        var probe = CreateEmptyWarehouse();
        var warehouse = probe.WarehouseArgument;
        var bootstrap = kafka.BootstrapServers;
        const string group = "window-crash";
        await FacetRun.MigrateAsync(warehouse);
        foreach (var topic in CommerceTopics.All)
        {
            kafka.Cluster.CreateTopic(topic, Partitions);
        }

        // --sim-rate 1: about 300 sessions per simulated hour, so 20,000 messages span ~6 hours of event time and the
        // hourly windows close, turn final and receive late events.
        var (generated, _, generateError) = await FacetProcess.RunAsync(
            ["generate", "--dataset", "commerce", "--kafka", bootstrap, "--count", Messages.ToString(CultureInfo.InvariantCulture), "--seed", "1919",
             "--start", "2026-11-20T00:00:00Z", "--sim-rate", "1", "--malformed", "0.01", "--late", "0.10", "--truth", truthPath],
            TimeSpan.FromMinutes(5));
        Assert.True(generated == 0, generateError);
        var truth = CommerceTruthFile.Read(truthPath);
        Assert.Equal(Messages, truth.Messages);

        Task<long> Checkpointed() => probe.ScalarAsync($"SELECT CAST(coalesce(sum(next_offset), 0) AS BIGINT) FROM stream_checkpoints WHERE consumer_group = '{group}'");
        string[] Run(params string[] extra) => ["run", "--streams", "commerce", "--kafka", bootstrap, "--group", group, "--warehouse", warehouse,
            "--trigger", "200ms", "--max-batch", "500", "--kafka-config", "session.timeout.ms=6000", "--kafka-config", "heartbeat.interval.ms=500", .. extra];

        var kills = await RandomKills.RunAsync(Messages, kills: 5, seed: 20261219, Run(), Checkpointed, Stall);
        await using (var last = FacetProcess.Start(Run("--stop-when-idle", "5s")))
        {
            var code = await last.WaitForExitAsync(TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"the last run exited {code}:\n{last.StandardError}");
        }

        Assert.Equal(Messages, await Checkpointed());
        var recount = WindowedTopicRecount.Read(bootstrap, truth.Count("product_views", "messages") + truth.Count("transactions", "messages"), TimeSpan.FromSeconds(60));
        foreach (var topic in new[] { "product_views", "transactions" })
        {
            // The recount's validity rules catch exactly the generator's faults.
            Assert.Equal((topic, truth.Count(topic, "accepted"), truth.Count(topic, "rejected")), (topic, recount.Topics[topic].Accepted, recount.Topics[topic].Rejected));
        }

        var oracles = await WindowReplay.ReplayAsync(probe, recount);
        await WindowReplay.AssertWarehouseEqualsAsync(warehouse, oracles, $" (kills after {string.Join(", ", kills)} checkpointed messages)");

        // The input must exercise what the test claims: late events beyond the allowed lateness, counted (the final-mode
        // views and the update-mode sales), and events within it revising closed windows. Whether a late order revises a
        // closed window or falls beyond the lateness depends on the watermark when its batch runs, which the kills and
        // the partitions' uneven reads move: at --late 0.05 only 3 of this seed's 19 late orders could land in the
        // (closed, not final) band, all in the first 2 hours, and once none did; at 0.10, 15 of 50 can, spread over
        // the whole load.
        Assert.NotEmpty(oracles["product_views_analysis"].ExpectedLate());
        Assert.NotEmpty(oracles["sales_analysis"].ExpectedLate());
        Assert.Contains(oracles["sales_analysis"].Expected(), static l => !l.Contains("|late=0|", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
