using Confluent.Kafka;

namespace Facet.Testing;

/// <summary>Produces test lines to a topic, spread round-robin over its partitions, and waits until all are acknowledged.</summary>
public static class KafkaTestProducer
{
    public static async Task ProduceAsync(string bootstrapServers, string topic, IEnumerable<byte[]> lines, int partitions, int offset = 0)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            LingerMs = 5,
            EnableIdempotence = true,
        }).Build();
        var i = offset;
        foreach (var line in lines)
        {
            producer.Produce(new TopicPartition(topic, i++ % partitions), new Message<Null, byte[]> { Value = line });
        }

        await Task.Run(() => producer.Flush(TimeSpan.FromSeconds(60)));
    }
}
