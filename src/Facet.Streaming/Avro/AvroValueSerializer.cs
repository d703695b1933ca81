using Avro.Generic;
using Confluent.Kafka;
using Confluent.SchemaRegistry;
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

    public AvroValueSerializer(ISchemaRegistryClient client, AvroSerializerConfig? config = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _inner = new AvroSerializer<GenericRecord>(client, config);
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
        catch (SchemaRegistryException ex) when ((int)ex.Status is 409 or 422)
        {
            throw new InvalidOperationException($"the schema registry refused the schema of {record.Schema.Fullname} for {topic}-value: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or SchemaRegistryException or TimeoutException)
        {
            throw new SchemaRegistryUnavailableException($"the schema registry cannot register or look up the schema of {record.Schema.Fullname} for {topic}: {ex.Message}", ex);
        }
    }
}
