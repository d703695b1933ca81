using System.Buffers.Binary;
using Avro.Generic;
using Confluent.SchemaRegistry;
using Facet.Core.Events;
using Facet.Storage;
using Facet.Streaming.Avro;
using Facet.Testing;
using Xunit;
using AvroSchema = Avro.Schema;

namespace Facet.Streaming.Tests.Avro;

/// <summary>
/// The Confluent wire format decoded by Facet's decoder, written by Confluent's own serializer through Facet's
/// registry over HTTP (DuckDB warehouse).
/// </summary>
public sealed class AvroRecordDecoderTests : IAsyncLifetime
{
    private const string V1 = """
        {"type":"record","name":"Order","namespace":"facet.test","fields":[
          {"name":"order_id","type":"string"},
          {"name":"quantity","type":"int"},
          {"name":"status","type":{"type":"enum","name":"Status","symbols":["PENDING","COMPLETED","CANCELLED"]}}]}
        """;

    // v2 adds an optional field with a default and widens quantity to long.
    private const string V2 = """
        {"type":"record","name":"Order","namespace":"facet.test","fields":[
          {"name":"order_id","type":"string"},
          {"name":"quantity","type":"long"},
          {"name":"status","type":{"type":"enum","name":"Status","symbols":["PENDING","COMPLETED","CANCELLED"]}},
          {"name":"promo_code","type":["null","string"],"default":null}]}
        """;

    private readonly TempDirectory _directory = new();
    private SchemaRegistryHost _registry = null!;
    private CachedSchemaRegistryClient _client = null!;

    public async Task InitializeAsync()
    {
        _registry = await SchemaRegistryHost.StartAsync(WarehouseLocation.Parse("duckdb:" + _directory.File("registry.duckdb")));
        _client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.ClientUrl });
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _registry.DisposeAsync();
        _directory.Dispose();
    }

    private sealed record Order(string OrderId, long Quantity, string Status, string? PromoCode);

    private static Order Map(GenericRecord record) => new(
        (string)record["order_id"],
        (long)record["quantity"],
        ((GenericEnum)record["status"]).Value,
        (string?)record["promo_code"]);

    private AvroRecordDecoder<Order> Decoder() => new(new AvroWriterSchemas(_client), AvroSchema.Parse(V2), Map);

    private static GenericRecord Record(string schemaText, string id, object quantity, string status, string? promo = null)
    {
        var schema = (global::Avro.RecordSchema)AvroSchema.Parse(schemaText);
        var record = new GenericRecord(schema);
        record.Add("order_id", id);
        record.Add("quantity", quantity);
        record.Add("status", new GenericEnum((global::Avro.EnumSchema)schema["status"].Schema, status));
        if (schema.Contains("promo_code"))
        {
            record.Add("promo_code", promo);
        }

        return record;
    }

    private static SourcePosition At(long offset) => SourcePosition.Kafka("orders", 0, offset);

    [Fact]
    public async Task Records_of_a_v1_and_a_v2_producer_all_decode_with_one_reader_and_v1_records_get_the_default()
    {
        var producer = new AvroValueSerializer(_client);
        var messages = new List<byte[]>();
        for (var i = 0; i < 50; i++)
        {
            messages.Add(i % 2 == 0
                ? await producer.SerializeAsync(Record(V1, $"o-{i}", i, "PENDING"), "orders")
                : await producer.SerializeAsync(Record(V2, $"o-{i}", (long)i * 1_000_000_000L, "COMPLETED", "PROMO" + i), "orders"));
        }

        var decoder = Decoder();
        await decoder.PrepareAsync(messages.Select(m => (ReadOnlyMemory<byte>)m), CancellationToken.None);
        var decoded = messages.Select((m, i) => decoder.Decode(m, At(i))).ToList();

        Assert.All(decoded, d => Assert.True(d.IsAccepted, d.ToString()));
        Assert.Equal(2, messages.Select(m => BinaryPrimitives.ReadInt32BigEndian(m.AsSpan(1, 4))).Distinct().Count());
        Assert.Equal(new Order("o-0", 0, "PENDING", null), decoded[0].Record);
        Assert.Equal(new Order("o-1", 1_000_000_000L, "COMPLETED", "PROMO1"), decoded[1].Record);
        Assert.All(decoded.Where((_, i) => i % 2 == 0), d => Assert.Null(d.Record!.PromoCode));
    }

    [Fact]
    public async Task Each_kind_of_bad_input_is_rejected_with_its_code_and_raw_bytes()
    {
        var good = await new AvroValueSerializer(_client).SerializeAsync(Record(V1, "o-1", 1, "PENDING"), "orders");
        var goodId = BinaryPrimitives.ReadInt32BigEndian(good.AsSpan(1, 4));
        // A schema the v2 reader cannot resolve: quantity is a string.
        var alienId = await _client.RegisterSchemaAsync("alien-value", new Confluent.SchemaRegistry.Schema(
            """{"type":"record","name":"Order","namespace":"facet.test","fields":[{"name":"order_id","type":"string"},{"name":"quantity","type":"string"}]}""",
            SchemaType.Avro));
        var cases = new Dictionary<string, byte[]>
        {
            [RejectionCodes.EmptyMessage] = [],
            [AvroRejectionCodes.BadMagicByte] = "{\"order_id\":\"o-1\"}"u8.ToArray(),
            [AvroRejectionCodes.Truncated] = good[..3],
            [AvroRejectionCodes.UnknownSchemaId] = WithId(good, 424_242),
            [AvroRejectionCodes.UnresolvableSchema] = WithId(good, alienId),
            [AvroRejectionCodes.TrailingBytes] = [.. good, 0x02, 0x02],
            // The enum ordinal 40 (zig-zag 80) is beyond Status's three symbols.
            [AvroRejectionCodes.Malformed] = [.. good[..^1], 80],
            ["avro_truncated_body"] = good[..^2],
        };

        var decoder = Decoder();
        await decoder.PrepareAsync(cases.Values.Select(v => (ReadOnlyMemory<byte>)v), CancellationToken.None);
        foreach (var (expected, bytes) in cases)
        {
            var decoded = decoder.Decode(bytes, At(7));
            Assert.False(decoded.IsAccepted, $"{expected}: accepted");
            Assert.Equal(expected == "avro_truncated_body" ? AvroRejectionCodes.Truncated : expected, decoded.Rejection.Code);
            Assert.Equal(bytes, decoded.Rejection.Raw.ToArray());
            Assert.Equal(At(7), decoded.Rejection.Position);
        }

        Assert.True(decoder.Decode(good, At(8)).IsAccepted);
        Assert.NotEqual(goodId, alienId);
    }

    [Fact]
    public async Task A_mapping_that_throws_becomes_an_avro_mapping_failed_rejection()
    {
        var bytes = await new AvroValueSerializer(_client).SerializeAsync(Record(V1, "o-1", 1, "PENDING"), "orders");
        var decoder = new AvroRecordDecoder<Order>(new AvroWriterSchemas(_client), AvroSchema.Parse(V2), record => new Order((string)record["no_such_field"], 0, "", null));
        await decoder.PrepareAsync([bytes], CancellationToken.None);

        Assert.Equal(AvroRejectionCodes.MappingFailed, decoder.Decode(bytes, At(0)).Rejection?.Code);
    }

    [Fact]
    public async Task A_registry_that_is_down_fails_preparation_as_unavailable_and_rejects_nothing()
    {
        var bytes = await new AvroValueSerializer(_client).SerializeAsync(Record(V1, "o-1", 1, "PENDING"), "orders");
        await _registry.DisposeAsync();
        // A fresh client: the shared one has the schema cached by now.
        using var client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.ClientUrl });
        var decoder = new AvroRecordDecoder<Order>(new AvroWriterSchemas(client), AvroSchema.Parse(V2), Map);

        var failure = await Assert.ThrowsAsync<SchemaRegistryUnavailableException>(() => decoder.PrepareAsync([bytes], CancellationToken.None));

        Assert.IsAssignableFrom<IOException>(failure);
        Assert.Throws<InvalidOperationException>(() => decoder.Decode(bytes, At(0)));
        _registry = await _registry.RestartAsync();
    }

    [Fact]
    public async Task Debians_python3_avro_decodes_a_message_with_the_writer_schema_the_registry_serves_for_its_id()
    {
        var bytes = await new AvroValueSerializer(_client).SerializeAsync(Record(V2, "o-9", 12L, "CANCELLED", "WEEKENDSERU"), "orders");
        var message = _directory.File("message.bin");
        await File.WriteAllBytesAsync(message, bytes);
        // An independent Avro implementation: the schema comes from GET /schemas/ids/{id}, the body is bytes 5…
        const string Script = """
            import io, json, struct, sys, urllib.request
            import avro.io, avro.schema
            data = open(sys.argv[2], 'rb').read()
            assert data[0] == 0, 'magic byte'
            schema_id = struct.unpack('>i', data[1:5])[0]
            text = json.load(urllib.request.urlopen(sys.argv[1] + 'schemas/ids/%d' % schema_id))['schema']
            record = avro.io.DatumReader(avro.schema.parse(text)).read(avro.io.BinaryDecoder(io.BytesIO(data[5:])))
            print(json.dumps(record, sort_keys=True))
            """;
        var script = _directory.File("decode.py");
        await File.WriteAllTextAsync(script, Script);
        using var python = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("/usr/bin/python3", [script, _registry.Url.ToString(), message])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var output = await python.StandardOutput.ReadToEndAsync();
        var error = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();

        Assert.True(python.ExitCode == 0, $"python3-avro failed (apt-get install python3-avro): {error}");
        Assert.Equal("""{"order_id": "o-9", "promo_code": "WEEKENDSERU", "quantity": 12, "status": "CANCELLED"}""", output.Trim());
    }

    private static byte[] WithId(byte[] message, int id)
    {
        var copy = message.ToArray();
        BinaryPrimitives.WriteInt32BigEndian(copy.AsSpan(1, 4), id);
        return copy;
    }
}
