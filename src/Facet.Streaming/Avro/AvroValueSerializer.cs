using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
using Confluent.Kafka.SyncOverAsync;
using Confluent.SchemaRegistry.Serdes;

namespace Facet.Streaming.Avro;

/// <summary>
/// Writes Kafka values in the Confluent wire format through Confluent's <see cref="AvroSerializer{T}"/>: the record's
/// schema is registered under <c>{topic}-value</c> on first use (the registry refuses an incompatible one) and its id
/// cached. For the generators' <c>--value-format avro</c>. A registry that cannot be reached throws
/// <see cref="SchemaRegistryUnavailableException"/>; a refused schema throws <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class AvroValueSerializer
{
    private readonly AvroSerializer<GenericRecord> _inner;
    private readonly ISerializer<GenericRecord> _sync;

    public AvroValueSerializer(ISchemaRegistryClient client, AvroSerializerConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _inner = new AvroSerializer<GenericRecord>(client, config);
        _sync = _inner.AsSyncOverAsync();
    }

    /// <summary>The serializer itself, for a Kafka producer's SetValueSerializer.</summary>
    public IAsyncSerializer<GenericRecord> AsyncSerializer => _inner;

    public async Task<byte[]> SerializeAsync(GenericRecord record, string topic)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            return await _inner.SerializeAsync(record, new SerializationContext(MessageComponentType.Value, topic));
        }
        catch (Exception ex) when (Translate(ex, record, topic) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// The same for a producer that writes from one synchronous loop (the generators), through Confluent's own
    /// <c>AsSyncOverAsync</c> adapter, which its docs give for synchronous <c>Produce</c>: only a topic's first record
    /// waits for the registry (registration); later ones use the cached id and do no I/O.
    /// </summary>
    public byte[] Serialize(GenericRecord record, string topic)
    {
        ArgumentNullException.ThrowIfNull(record);
        try
        {
            return _sync.Serialize(record, new SerializationContext(MessageComponentType.Value, topic));
        }
        catch (Exception ex) when (Translate(ex, record, topic) is { } translated)
        {
            throw translated;
        }
    }

    private static Exception? Translate(Exception exception, GenericRecord record, string topic)
    {
        var ex = exception is AggregateException { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerException! : exception;
        switch (ex)
        {
            case SchemaRegistryException refused when (int)refused.Status is 409 or 422:
                return new InvalidOperationException($"the schema registry refused the schema of {record.Schema.Fullname} for {topic}-value: {refused.Message}", refused);
            case HttpRequestException or SchemaRegistryException or TimeoutException or TaskCanceledException:
                return new SchemaRegistryUnavailableException($"the schema registry cannot register or look up the schema of {record.Schema.Fullname} for {topic}: {ex.Message}", ex);
            default:
                return null;
        }
    }
}
