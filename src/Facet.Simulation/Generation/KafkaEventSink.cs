using Confluent.Kafka;
using Facet.Streaming;

namespace Facet.Simulation.Generation;

/// <summary>
/// Produces each message (no key) to a Kafka topic with a Confluent producer batched for throughput (linger 20 ms,
/// up to 10k messages or 1 MiB per batch), each message to a random partition. Delivery errors are counted, not thrown: <see cref="Failed"/>.
/// </summary>
public sealed class KafkaEventSink : IEventSink
{
    /// <summary>How long <see cref="Flush"/> waits for acknowledgements before giving up (an unreachable broker).</summary>
    public static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    private readonly IProducer<Null, byte[]> _producer;
    private readonly string _topic;
    private readonly Action<DeliveryReport<Null, byte[]>> _onDelivery;
    private long _written;
    private long _failed;
    private long _delivered;
    private string? _firstError;

    public KafkaEventSink(KafkaConnectionOptions connection, string topic)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentException.ThrowIfNullOrWhiteSpace(topic);
        var config = connection.ToProducerConfig();
        config.LingerMs ??= 20;
        config.BatchNumMessages ??= 10_000;
        config.BatchSize ??= 1 << 20;
        config.QueueBufferingMaxMessages ??= 500_000;
        config.QueueBufferingMaxKbytes ??= 512 * 1024;
        config.Acks ??= Acks.All;
        config.EnableIdempotence ??= false;

        // Keyless messages go to a random partition each rather than librdkafka's sticky partition (which changes
        // every 2×linger): a fast burst would otherwise land most of its messages on one partition, unbalancing the
        // consumers and overflowing a partition of the mock broker, which keeps only ~5 MB each and drops the rest.
        config.StickyPartitioningLingerMs ??= 0;
        _topic = topic;
        _producer = new ProducerBuilder<Null, byte[]>(config)
            .SetErrorHandler((_, error) =>
            {
                if (error.IsFatal)
                {
                    Interlocked.CompareExchange(ref _firstError, error.Reason, null);
                }
            })
            .SetLogHandler((_, _) => { })
            .Build();
        _onDelivery = report =>
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref _failed);
                Interlocked.CompareExchange(ref _firstError, $"{report.Error.Code}: {report.Error.Reason}", null);
            }
            else
            {
                Interlocked.Increment(ref _delivered);
            }
        };
    }

    public long Failed => Interlocked.Read(ref _failed);

    /// <summary>Messages the broker acknowledged.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    public string? FirstError => Volatile.Read(ref _firstError);

    /// <summary>Messages written but neither acknowledged nor failed yet.</summary>
    public long InFlight => _written - Delivered - Failed;

    public void Write(ReadOnlySpan<byte> payload)
    {
        var message = new Message<Null, byte[]> { Value = payload.ToArray() };
        _written++;
        while (true)
        {
            try
            {
                _producer.Produce(_topic, message, _onDelivery);
                return;
            }
            catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Back-pressure: serve delivery reports until the local queue has room.
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    public void Flush(CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(FlushTimeout);
        try
        {
            _producer.Flush(bounded.Token);
        }
        catch (OperationCanceledException)
        {
            // Gave up waiting: messages still in flight are reported by the caller as not acknowledged (InFlight).
        }
    }

    public void Dispose() => _producer.Dispose();
}
