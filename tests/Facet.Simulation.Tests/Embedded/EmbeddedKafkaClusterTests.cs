using Confluent.Kafka;
using Facet.Simulation.Embedded;
using Facet.Testing;

namespace Facet.Simulation.Tests.Embedded;

public sealed class EmbeddedKafkaClusterTests(EmbeddedKafka kafka) : IClassFixture<EmbeddedKafka>
{
    [Fact]
    public void Bootstrap_servers_are_loopback_addresses()
    {
        Assert.Matches(@"^127\.0\.0\.1:\d+(,127\.0\.0\.1:\d+)*$", kafka.BootstrapServers);
    }

    [Fact]
    public void Created_topic_has_the_requested_partition_count()
    {
        var topic = kafka.CreateTopic(partitions: 6);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
        Assert.Equal(6, Assert.Single(metadata.Topics).Partitions.Count);
    }

    [Fact]
    public void Consumer_group_reads_back_every_produced_message()
    {
        var topic = kafka.CreateTopic(partitions: 3);
        const int count = 1000;
        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers, LingerMs = 5 }).Build())
        {
            for (var i = 0; i < count; i++)
            {
                producer.Produce(topic, new Message<Null, string> { Value = $"message-{i}" });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        var seen = new HashSet<string>();
        using var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = EmbeddedKafka.NewGroupId(),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (seen.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result is not null)
            {
                seen.Add(result.Message.Value);
            }
        }

        consumer.Commit();
        consumer.Close();
        Assert.Equal(count, seen.Count);
    }

    [Fact]
    public async Task A_broker_set_down_refuses_then_serves_again_when_set_up()
    {
        using var cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);
        cluster.CreateTopic("faults", 1);
        cluster.SetBrokerDown(1);
        using var producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            MessageTimeoutMs = 30000,
        }).Build();
        var delivery = producer.ProduceAsync("faults", new Message<Null, string> { Value = "x" });
        var early = await Task.WhenAny(delivery, Task.Delay(TimeSpan.FromSeconds(1)));
        Assert.NotSame(delivery, early);
        cluster.SetBrokerUp(1);
        var result = await delivery.WaitAsync(TimeSpan.FromSeconds(25));
        Assert.Equal(PersistenceStatus.Persisted, result.Status);
    }

    [Fact]
    public void Disposed_cluster_rejects_further_use()
    {
        var cluster = EmbeddedKafkaCluster.Start();
        cluster.Dispose();
        Assert.Throws<ObjectDisposedException>(() => cluster.CreateTopic("late", 1));
    }
}
