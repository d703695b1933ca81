using Avro.Generic;
using Facet.Core.Commerce;
using Facet.Core.Events;
using Facet.Core.Streams;

namespace Facet.Streaming.Avro.Commerce;

/// <summary>
/// Avro decoders of the commerce topics (Confluent wire format): the writer schema is resolved to the topic's
/// <c>.avsc</c> reader schema, then the record goes through the same JSON decoder as the topic's JSON messages
/// (<see cref="AvroJsonWriter"/>), so an Avro record is validated by exactly the same rules and reason codes. A
/// rejection keeps the Avro bytes as its raw value.
/// </summary>
public static class CommerceAvroDecoders
{
    /// <summary>The Avro decoder of <paramref name="topic"/>'s records, validating through <paramref name="json"/> (its JSON decoder).</summary>
    public static AvroRecordDecoder<TRecord> Create<TRecord>(string topic, AvroWriterSchemas schemas, IRecordDecoder<TRecord> json)
        where TRecord : class
    {
        ArgumentNullException.ThrowIfNull(json);
        return new AvroRecordDecoder<TRecord>(schemas, CommerceAvroRecords.SchemaOf(topic), (record, raw, position) => Map(record, raw, position, json));
    }

    private static Decoded<TRecord> Map<TRecord>(GenericRecord record, ReadOnlyMemory<byte> raw, SourcePosition position, IRecordDecoder<TRecord> json)
        where TRecord : class
    {
        byte[] utf8;
        try
        {
            utf8 = AvroJsonWriter.ToUtf8(record);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException or System.Text.Json.JsonException or InvalidOperationException)
        {
            return Decoded<TRecord>.Rejected(new Rejection(AvroRejectionCodes.MappingFailed, $"the record does not map to {typeof(TRecord).Name}: {ex.Message}", null, raw, position));
        }

        var decoded = json.Decode(utf8, position);
        return decoded.IsAccepted ? decoded : Decoded<TRecord>.Rejected(decoded.Rejection with { Raw = raw, RawTruncated = false });
    }

    /// <summary>The Avro decoder of a commerce stream by topic name (the seven of <see cref="CommerceTopics.All"/>), with default decoder options.</summary>
    public static IRecordDecoder<TRecord> For<TRecord>(AvroWriterSchemas schemas, CommerceDecoderOptions? options = null)
        where TRecord : class
    {
        object decoder = typeof(TRecord) switch
        {
            var t when t == typeof(Customer) => Create(CommerceTopics.Customers, schemas, new CustomerDecoder(options)),
            var t when t == typeof(Product) => Create(CommerceTopics.Products, schemas, new ProductDecoder(options)),
            var t when t == typeof(Order) => Create(CommerceTopics.Transactions, schemas, new OrderDecoder(options)),
            var t when t == typeof(ProductView) => Create(CommerceTopics.ProductViews, schemas, new ProductViewDecoder(options)),
            var t when t == typeof(UserInteraction) => Create(CommerceTopics.UserInteractions, schemas, new UserInteractionDecoder(options)),
            var t when t == typeof(ClickEvent) => Create(CommerceTopics.ClickStream, schemas, new ClickEventDecoder(options)),
            var t when t == typeof(SystemLogEntry) => Create(CommerceTopics.SystemLogs, schemas, new SystemLogDecoder(options)),
            _ => throw new ArgumentException($"{typeof(TRecord).Name} is not a commerce record", nameof(TRecord)),
        };
        return (IRecordDecoder<TRecord>)decoder;
    }
}
