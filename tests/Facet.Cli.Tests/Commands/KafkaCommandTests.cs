using Confluent.Kafka;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class KafkaCommandTests
{
    [Fact]
    public async Task Kafka_dev_serves_the_requested_topic_to_a_consumer_group_and_exits_0_on_SIGTERM()
    {
        await using var facet = FacetProcess.Start(["kafka", "dev", "--topic", "t", "--partitions", "6"]);
        var line = await facet.WaitForLineAsync(l => l.StartsWith("bootstrap.servers=", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var bootstrap = line["bootstrap.servers=".Length..];

        using (var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build())
        {
            var topic = Assert.Single(admin.GetMetadata("t", TimeSpan.FromSeconds(10)).Topics);
            Assert.Equal(6, topic.Partitions.Count);
        }

        using (var producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrap }).Build())
        {
            for (var i = 0; i < 1000; i++)
            {
                producer.Produce("t", new Message<Null, string> { Value = i.ToString(System.Globalization.CultureInfo.InvariantCulture) });
            }

            Assert.Equal(0, producer.Flush(TimeSpan.FromSeconds(30)));
        }

        var seen = new HashSet<string>();
        using (var consumer = new ConsumerBuilder<Ignore, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "grp",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build())
        {
            consumer.Subscribe("t");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (seen.Count < 1000 && DateTime.UtcNow < deadline)
            {
                if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
                {
                    seen.Add(result.Message.Value);
                }
            }

            consumer.Close();
        }

        Assert.Equal(1000, seen.Count);
        facet.Signal(15);
        Assert.Equal(0, await facet.WaitForExitAsync(TimeSpan.FromSeconds(15)));
    }

    [Fact]
    public async Task Kafka_dev_with_an_invalid_partition_count_exits_2_with_one_line()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["kafka", "dev", "--partitions", "0"], TimeSpan.FromSeconds(30));
        Assert.Equal(2, code);
        Assert.Equal("facet: --partitions must be between 1 and 1000 (got 0). (see 'facet kafka dev --help')", error.Trim());
    }
}
