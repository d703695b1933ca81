using System.Diagnostics;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// The Kafka broker goes down under a running <c>facet run</c>. The mock cluster lives in this test process
/// (<see cref="EmbeddedKafka"/>) so the test can set its broker down and up; <c>facet run</c> is a child process.
/// </summary>
public sealed class BrokerOutageTests(EmbeddedKafka kafka, PostgresDatabase postgres) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_waits_while_the_broker_is_down_for_10_s_then_resumes_with_exact_counts_and_says_so_in_its_log()
    {
        var warehouse = postgres.ConnectionString;
        await FacetRun.MigrateAsync(warehouse);
        var topic = kafka.CreateTopic(partitions: 4, prefix: "brokerdown");
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(8_000, seed: "brokerdown");
        var halves = script.Lines.Chunk(4_000).ToArray();
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, halves[0], partitions: 4);

        await using var run = FacetProcess.Start(FacetRun.Arguments(kafka.BootstrapServers, topic, group, warehouse, maxBatch: 500));
        Task<long> Checkpointed() => WarehouseAudit.ScalarAsync(warehouse, $"SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints WHERE topic = '{topic}'");
        await Progress.UntilAsync(Checkpointed, n => n == halves[0].Length, Stall, "the first half", run);

        var down = Stopwatch.StartNew();
        kafka.Cluster.SetBrokerDown(1);
        try
        {
            await run.WaitForLineAsync(l => l.Contains("Kafka unavailable", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            if (Outage - down.Elapsed is { Ticks: > 0 } rest)
            {
                // The fault's length is the point of the test, not a wait for state.
                await Task.Delay(rest);
            }

            Assert.False(run.HasExited, run.StandardError);
        }
        finally
        {
            kafka.Cluster.SetBrokerUp(1);
        }

        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, halves[1], partitions: 4, offset: halves[0].Length);
        await run.WaitForLineAsync(l => l.Contains("Kafka reachable again", StringComparison.Ordinal), Stall);
        await Progress.UntilAsync(Checkpointed, n => n == script.Lines.Count, Stall, "every message", run);
        Assert.Equal(0, await FacetRun.StopAsync(run));

        await WarehouseOutageTests.AssertExactAsync(warehouse, script, topic, group);
        Assert.Empty(await WarehouseAudit.CheckpointsBehindEndAsync(warehouse, kafka.BootstrapServers, topic, group, 4));
    }
}
