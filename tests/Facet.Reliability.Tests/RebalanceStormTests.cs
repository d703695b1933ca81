using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

public sealed class RebalanceStormTests(EmbeddedKafka kafka, PostgresDatabase postgres) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Members_joining_and_leaving_every_few_seconds_during_the_stream_leave_exact_counts()
    {
        var warehouse = postgres.ConnectionString;
        await FacetRun.MigrateAsync(warehouse);
        const int partitions = 8;
        var topic = kafka.CreateTopic(partitions, prefix: "storm");
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(12_000, seed: "storm");
        var chunks = script.Lines.Chunk(2_000).ToArray();
        Task<long> Checkpointed() => WarehouseAudit.ScalarAsync(warehouse, $"SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints WHERE topic = '{topic}'");

        await using var steady = FacetProcess.Start(FacetRun.Arguments(kafka.BootstrapServers, topic, group, warehouse, maxBatch: 300));
        await steady.WaitForLineAsync(l => l.Contains("Assigned partitions", StringComparison.Ordinal), Stall);

        // Each round: a chunk arrives, a member joins (a rebalance), and the previous round's member leaves — cleanly
        // (SIGTERM) or dead (SIGKILL: its partitions move only when its session expires) — another rebalance.
        FacetProcess? previous = null;
        for (var round = 0; round < chunks.Length; round++)
        {
            await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, chunks[round], partitions, offset: round * 2_000);
            var joining = FacetProcess.Start(FacetRun.Arguments(kafka.BootstrapServers, topic, group, warehouse, maxBatch: 300));
            if (previous is not null)
            {
                if (round % 3 == 2)
                {
                    previous.Signal(9);
                    await previous.WaitForExitAsync(TimeSpan.FromSeconds(30));
                }
                else
                {
                    Assert.Equal(0, await FacetRun.StopAsync(previous));
                }

                await previous.DisposeAsync();
            }

            await joining.WaitForLineAsync(l => l.Contains("Assigned partitions", StringComparison.Ordinal), Stall);
            previous = joining;
        }

        await Progress.UntilAsync(Checkpointed, n => n == script.Lines.Count, Stall, "every message", steady);
        Assert.Equal(0, await FacetRun.StopAsync(previous!));
        await previous!.DisposeAsync();
        Assert.Equal(0, await FacetRun.StopAsync(steady));

        Assert.Contains("revoked", steady.StandardError, StringComparison.Ordinal);
        await WarehouseOutageTests.AssertExactAsync(warehouse, script, topic, group);
        Assert.Empty(await WarehouseAudit.CheckpointsBehindEndAsync(warehouse, kafka.BootstrapServers, topic, group, partitions));
    }
}
