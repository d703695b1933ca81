using System.Text;
using Facet.Storage;
using Facet.Simulation.Embedded;
using Facet.Streaming.Processing;
using Facet.Testing;

namespace Facet.Streaming.Tests.Processing;

/// <summary>
/// Offsets the broker no longer has: the mock broker keeps only about 5 MB per partition, so producing more than that
/// after a checkpoint at offset 0 reproduces what retention does to a consumer that fell too far behind.
/// </summary>
public sealed class DataLossTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>
{
    private static async Task<(EmbeddedKafkaCluster Cluster, long Low)> TopicWithDeletedHeadAsync(string topic)
    {
        var cluster = EmbeddedKafkaCluster.Start();
        cluster.CreateTopic(topic, 1);
        var padding = new string('x', 2000);
        var lines = new List<byte[]>();
        for (var i = 0; i < 6000; i++)
        {
            lines.Add(Encoding.UTF8.GetBytes(TestEvents.ViewProductDetail($"evt-{topic}-{i}", DateTimeOffset.UtcNow.AddMinutes(-5)).Replace("\"resolution\":\"1920x1080\"", $"\"padding\":\"{padding}\",\"resolution\":\"1920x1080\"", StringComparison.Ordinal)));
        }

        await KafkaTestProducer.ProduceAsync(cluster.BootstrapServers, topic, lines, partitions: 1);
        using var consumer = new Confluent.Kafka.ConsumerBuilder<byte[], byte[]>(new Confluent.Kafka.ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = "probe" }).Build();
        var low = consumer.QueryWatermarkOffsets(new Confluent.Kafka.TopicPartition(topic, 0), TimeSpan.FromSeconds(10)).Low.Value;
        Assert.True(low > 0, "the mock broker kept every message: no data loss to test");
        return (cluster, low);
    }

    private async Task SeedCheckpointAtZeroAsync(string group, string topic)
    {
        await using var warehouse = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse(postgres.ConnectionString), new WarehouseOptions(), null, CancellationToken.None);
        await warehouse.MigrateAsync(CancellationToken.None);
        await warehouse.WriteBatchAsync(WarehouseBatch.Clickstream([], [], [new CheckpointAdvance(group, topic, 0, CheckpointAdvance.None, 0)]), CancellationToken.None);
    }

    [Fact]
    public async Task A_checkpoint_before_the_oldest_offset_on_the_broker_fails_loudly_by_default()
    {
        var (cluster, low) = await TopicWithDeletedHeadAsync("lossfail");
        using var _ = cluster;
        var group = EmbeddedKafka.NewGroupId();
        await SeedCheckpointAtZeroAsync(group, "lossfail");

        await using var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, cluster.BootstrapServers, "lossfail", group, TimeSpan.FromSeconds(2));
        var error = await Assert.ThrowsAsync<DataLossException>(() => harness.Run!.WaitAsync(TimeSpan.FromSeconds(90)));
        Assert.Contains($"oldest offset on the broker is {low}", error.Message, StringComparison.Ordinal);
        Assert.Contains("--on-data-loss skip", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, await WarehouseProbe.Postgres(postgres.ConnectionString).CheckpointSumAsync(group, "lossfail"));
    }

    [Fact]
    public async Task With_skip_the_lost_offsets_are_counted_and_loading_continues_from_the_oldest_available()
    {
        var (cluster, low) = await TopicWithDeletedHeadAsync("lossskip");
        using var _ = cluster;
        var group = EmbeddedKafka.NewGroupId();
        await SeedCheckpointAtZeroAsync(group, "lossskip");

        await using var harness = await StreamProcessorHarness.StartAsync(postgres.ConnectionString, cluster.BootstrapServers, "lossskip", group, TimeSpan.FromSeconds(2), onDataLoss: DataLossPolicy.Skip);
        var summary = await harness.Run!.WaitAsync(TimeSpan.FromSeconds(120));

        Assert.Equal(low, summary.DataLoss);
        Assert.Equal(6000 - low, summary.Consumed);
        Assert.Equal(6000, await WarehouseProbe.Postgres(postgres.ConnectionString).CheckpointSumAsync(group, "lossskip"));
        Assert.Equal(6000 - low, await WarehouseProbe.Postgres(postgres.ConnectionString).ScalarAsync("SELECT count(*) FROM fact_events WHERE event_id LIKE 'evt-lossskip-%'"));
    }
}
