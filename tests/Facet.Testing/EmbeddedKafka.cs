using Facet.Simulation.Embedded;

namespace Facet.Testing;

/// <summary>
/// An embedded (librdkafka mock) Kafka cluster for one test class; <see cref="CreateTopic"/> gives each test a fresh topic.
/// </summary>
public sealed class EmbeddedKafka : IDisposable
{
    private int _topics;

    public EmbeddedKafka() => Cluster = EmbeddedKafkaCluster.Start(brokerCount: 1);

    public EmbeddedKafkaCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>Creates a topic with a unique name and returns the name.</summary>
    public string CreateTopic(int partitions = 1, string prefix = "test")
    {
        var name = $"{prefix}-{Interlocked.Increment(ref _topics)}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 20, 60)];
        Cluster.CreateTopic(name, partitions);
        return name;
    }

    /// <summary>A consumer group id nobody else uses.</summary>
    public static string NewGroupId(string prefix = "group") => $"{prefix}-{Guid.NewGuid():N}";

    public void Dispose() => Cluster.Dispose();
}
