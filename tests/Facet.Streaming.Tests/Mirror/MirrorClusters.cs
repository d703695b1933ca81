using Facet.Testing;

namespace Facet.Streaming.Tests.Mirror;

/// <summary>Two independent embedded Kafka clusters in this process: the mirror's source and destination.</summary>
public sealed class MirrorClusters : IDisposable
{
    public EmbeddedKafka Source { get; } = new();

    public EmbeddedKafka Destination { get; } = new();

    public void Dispose()
    {
        Source.Dispose();
        Destination.Dispose();
    }
}
