namespace Facet.Simulation.Generation;

/// <summary>Where generated messages go: a file, stdout or a Kafka topic. Used from one thread.</summary>
public interface IEventSink : IDisposable
{
    /// <summary>Writes one message (the bytes are copied before returning).</summary>
    void Write(ReadOnlySpan<byte> payload);

    /// <summary>Waits until everything written is durable (flushed to the file, or acknowledged by Kafka).</summary>
    void Flush(CancellationToken cancellationToken);

    /// <summary>Messages the destination failed to take (Kafka delivery errors); 0 for files.</summary>
    long Failed { get; }

    /// <summary>The first failure's description, or null.</summary>
    string? FirstError { get; }
}
