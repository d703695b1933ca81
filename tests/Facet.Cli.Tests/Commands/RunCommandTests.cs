using System.Globalization;
using Facet.Simulation.Embedded;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class RunCommandTests(EmbeddedKafka kafka, PostgresDatabase postgres) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private string[] RunArguments(string bootstrap, string topic, string group) =>
    [
        "run", "--kafka", bootstrap, "--topic", topic, "--group", group, "--warehouse", postgres.ConnectionString,
        "--trigger", "200ms", "--max-batch", "1000",
        // Members that leave or die free their partitions within seconds.
        "--kafka-config", "session.timeout.ms=6000", "--kafka-config", "heartbeat.interval.ms=500",
    ];

    private async Task MigrateAsync()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", postgres.ConnectionString], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task Run_refused_its_consumer_group_by_the_broker_exits_2_within_a_minute_naming_the_flag_to_fix()
    {
        await MigrateAsync();
        using var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic("denied", 2);
        // FindCoordinator (API key 10) answered GROUP_AUTHORIZATION_FAILED (30), as a broker with ACLs does.
        cluster.PushRequestErrors(10, [.. Enumerable.Repeat(30, 500)]);

        await using var run = FacetProcess.Start(RunArguments(cluster.BootstrapServers, "denied", EmbeddedKafka.NewGroupId()));
        var code = await run.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(code == 2, $"exit {code}: {run.StandardError}");
        Assert.Contains("--group", run.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", run.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_processes_and_a_third_joining_and_leaving_load_every_event_exactly_once()
    {
        await MigrateAsync();
        await using var broker = FacetProcess.Start(["kafka", "dev", "--topic", "scale", "--partitions", "6"]);
        var bootstrap = (await broker.WaitForLineAsync(l => l.StartsWith("bootstrap.servers=", StringComparison.Ordinal), StartTimeout))["bootstrap.servers=".Length..];
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(15_000, seed: "scale");
        var chunks = script.Lines.Chunk(5000).ToArray();
        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);

        await using var first = FacetProcess.Start(RunArguments(bootstrap, "scale", group));
        await using var second = FacetProcess.Start(RunArguments(bootstrap, "scale", group));
        await KafkaTestProducer.ProduceAsync(bootstrap, "scale", chunks[0], partitions: 6);
        await Eventually.Until(() => probe.CheckpointSumAsync(group, "scale"), n => n > 0, StartTimeout, "the first batches");

        await using (var third = FacetProcess.Start(RunArguments(bootstrap, "scale", group)))
        {
            await third.WaitForLineAsync(l => l.Contains("Assigned partitions", StringComparison.Ordinal), StartTimeout);
            await KafkaTestProducer.ProduceAsync(bootstrap, "scale", chunks[1], partitions: 6, offset: 5000);
            await Eventually.Until(() => probe.CheckpointSumAsync(group, "scale"), n => n >= 7500, StartTimeout, "the second third to be loading");
            third.Signal(15);
            Assert.Equal(0, await third.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        }

        await KafkaTestProducer.ProduceAsync(bootstrap, "scale", chunks[2], partitions: 6, offset: 10_000);
        await Eventually.Until(() => probe.CheckpointSumAsync(group, "scale"), n => n == script.Lines.Count, TimeSpan.FromSeconds(120), "every message to be checkpointed");
        first.Signal(15);
        second.Signal(15);
        Assert.Equal(0, await first.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(0, await second.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(script.DistinctValidIds, await probe.ScalarAsync("SELECT count(*) FROM fact_events WHERE event_id LIKE 'evt-scale-%'"));
        Assert.Equal(script.Malformed, await probe.ScalarAsync("SELECT count(*) FROM bad_events WHERE source = 'scale'"));
    }

    [Fact]
    public async Task Killed_with_SIGKILL_at_random_moments_and_restarted_it_loads_every_event_exactly_once()
    {
        await MigrateAsync();
        // 6 partitions keep each under the mock broker's ~5 MB in-memory retention.
        var topic = kafka.CreateTopic(partitions: 6, prefix: "crash");
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(15_000, seed: "crash");
        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);
        // A quarter of the messages arrives before each run: a killed run may have loaded all it was given (the
        // loading is fast), and the next one must still have messages left to be killed in the middle of.
        var chunks = script.Lines.Chunk(script.Lines.Count / 4 + 1).ToArray();
        var random = new Random(20261122);

        for (var kill = 0; kill < 3; kill++)
        {
            var before = await probe.CheckpointSumAsync(group, topic);
            await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, chunks[kill], partitions: 6, offset: kill * chunks[0].Length);
            await using var run = FacetProcess.Start(RunArguments(kafka.BootstrapServers, topic, group));
            // Let it commit some batches, then kill it at an arbitrary instant (possibly mid-transaction).
            await Eventually.Until(() => probe.CheckpointSumAsync(group, topic), n => n > before, StartTimeout, "progress before the kill");
            await Task.Delay(random.Next(0, 400));
            run.Signal(9);
            await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }

        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, chunks[3], partitions: 6, offset: 3 * chunks[0].Length);
        await using (var last = FacetProcess.Start([.. RunArguments(kafka.BootstrapServers, topic, group), "--log-level", "Debug"]))
        {
            // The killed members keep their partitions until their sessions expire; then this one gets them (the
            // killed ones may have loaded everything already: the wait makes sure this one is running when stopped).
            await last.WaitForLineAsync(l => l.Contains("Assigned partitions", StringComparison.Ordinal), TimeSpan.FromSeconds(120));
            await Eventually.Until(() => probe.CheckpointSumAsync(group, topic), n => n == script.Lines.Count, TimeSpan.FromSeconds(120), "every message to be checkpointed");
            last.Signal(15);
            Assert.Equal(0, await last.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            // What the run cost its process, at Debug when it ends (issue 22).
            Assert.Matches(@"facet run: \d+ messages, [\d.]+ CPU-s \([\d.]+ µs per message\), \d+ MiB allocated .*GC collections gen0 \d+", last.StandardError);
        }

        Assert.Equal(script.Lines.Count, await probe.CheckpointSumAsync(group, topic));
        Assert.Equal(script.DistinctValidIds, await probe.ScalarAsync("SELECT count(*) FROM fact_events WHERE event_id LIKE 'evt-crash-%'"));
        Assert.Equal(script.Malformed, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{topic}'"));
    }

    [Fact]
    public async Task Run_without_a_kafka_address_exits_2_with_one_line_naming_the_flag()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["run", "--warehouse", "duckdb:/tmp/never-created.duckdb"], TimeSpan.FromSeconds(30), new Dictionary<string, string?> { ["FACET_KAFKA"] = null });
        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--kafka", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Settings_come_from_the_environment_when_no_flag_is_given()
    {
        var (code, _, error) = await FacetProcess.RunAsync(
            ["run", "--kafka", "127.0.0.1:1"],
            TimeSpan.FromSeconds(30),
            new Dictionary<string, string?> { ["FACET_MAX_BATCH"] = "zero" });
        Assert.Equal(2, code);
        Assert.Contains("FACET_MAX_BATCH", error, StringComparison.Ordinal);
    }
}
