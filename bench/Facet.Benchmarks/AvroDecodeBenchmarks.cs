using System.Text.Json;
using System.Text.Json.Serialization;
using Avro.Generic;
using BenchmarkDotNet.Attributes;
using Confluent.SchemaRegistry;
using Facet.Core.Events;
using Facet.SchemaRegistry;
using Facet.Storage;
using Facet.Storage.Registry;
using Facet.Streaming.Avro;
using AvroSchema = Avro.Schema;

namespace Facet.Benchmarks;

/// <summary>
/// Issue 17: decoding one order record (10 fields: ids, quantity, prices, a timestamp, an enum, an optional promo code)
/// from Avro in the Confluent wire format (Facet's AvroRecordDecoder: header, cached writer→reader resolution,
/// GenericRecord, mapping) versus from JSON (System.Text.Json source-generated, into the same record). The Avro
/// messages come from Confluent's serializer through Facet's registry (started in-process over a temp DuckDB file); the
/// "evolved" case reads v1-written records with a v2 reader schema (one added field with a default). Per record
/// (OperationsPerInvoke). See BENCHMARKS.md, "Issue 17: Avro vs JSON decode".
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class AvroDecodeBenchmarks
{
    private const int Records = 2000;

    private const string V1 = """
        {"type":"record","name":"Order","namespace":"facet.bench","fields":[
          {"name":"transaction_id","type":"string"},
          {"name":"customer_id","type":"long"},
          {"name":"product_id","type":"long"},
          {"name":"quantity","type":"int"},
          {"name":"item_price","type":"long"},
          {"name":"shipment_fee","type":"long"},
          {"name":"created_at","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"status","type":{"type":"enum","name":"Status","symbols":["completed","pending","cancelled"]}},
          {"name":"payment_method","type":"string"},
          {"name":"promo_code","type":["null","string"],"default":null}]}
        """;

    private const string V2 = """
        {"type":"record","name":"Order","namespace":"facet.bench","fields":[
          {"name":"transaction_id","type":"string"},
          {"name":"customer_id","type":"long"},
          {"name":"product_id","type":"long"},
          {"name":"quantity","type":"int"},
          {"name":"item_price","type":"long"},
          {"name":"shipment_fee","type":"long"},
          {"name":"created_at","type":{"type":"long","logicalType":"timestamp-millis"}},
          {"name":"status","type":{"type":"enum","name":"Status","symbols":["completed","pending","cancelled"]}},
          {"name":"payment_method","type":"string"},
          {"name":"promo_code","type":["null","string"],"default":null},
          {"name":"channel","type":["null","string"],"default":null}]}
        """;

    private static readonly string[] Payments = ["credit card", "PayPal", "bank transfer"];
    private static readonly string[] Statuses = ["completed", "pending", "cancelled"];

    private TempDirectory? _directory;
    private SchemaRegistryStore? _store;
    private SchemaRegistryServer? _server;
    private CachedSchemaRegistryClient? _client;
    private AvroRecordDecoder<BenchOrder> _avro = null!;
    private AvroRecordDecoder<BenchOrder> _evolved = null!;
    private byte[][] _avroMessages = [];
    private byte[][] _jsonMessages = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = new TempDirectory();
        var location = WarehouseLocation.Parse("duckdb:" + Path.Combine(_directory.Path, "registry.duckdb"));
        await using (var warehouse = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None))
        {
            await warehouse.MigrateAsync(CancellationToken.None);
        }

        _store = SchemaRegistryStore.Open(location);
        _server = await SchemaRegistryServer.StartAsync(new SchemaRegistryOptions { Port = 0 }, _store, null, CancellationToken.None);
        _client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _server.Url.ToString().TrimEnd('/') });
        var serializer = new AvroValueSerializer(_client);
        var schema = (Avro.RecordSchema)AvroSchema.Parse(V1);
        var random = new Random(17);
        _avroMessages = new byte[Records][];
        _jsonMessages = new byte[Records][];
        for (var i = 0; i < Records; i++)
        {
            var order = new BenchOrder(
                Guid.NewGuid().ToString(), random.Next(1, 100_000), random.Next(1, 60_000), random.Next(1, 5), random.Next(10_000, 2_000_000),
                10_000, DateTimeOffset.FromUnixTimeMilliseconds(1_532_000_000_000 + (i * 60_000L)), Statuses[random.Next(3)], Payments[random.Next(3)],
                random.Next(5) == 0 ? "WEEKENDSERU" : null);
            _jsonMessages[i] = JsonSerializer.SerializeToUtf8Bytes(order, BenchJsonContext.Default.BenchOrder);
            var record = new GenericRecord(schema);
            record.Add("transaction_id", order.TransactionId);
            record.Add("customer_id", order.CustomerId);
            record.Add("product_id", order.ProductId);
            record.Add("quantity", order.Quantity);
            record.Add("item_price", order.ItemPrice);
            record.Add("shipment_fee", order.ShipmentFee);
            record.Add("created_at", order.CreatedAt.UtcDateTime);
            record.Add("status", new GenericEnum((Avro.EnumSchema)schema["status"].Schema, order.Status));
            record.Add("payment_method", order.PaymentMethod);
            record.Add("promo_code", order.PromoCode);
            _avroMessages[i] = await serializer.SerializeAsync(record, "orders");
        }

        _avro = new AvroRecordDecoder<BenchOrder>(new AvroWriterSchemas(_client), AvroSchema.Parse(V1), Map);
        _evolved = new AvroRecordDecoder<BenchOrder>(new AvroWriterSchemas(_client), AvroSchema.Parse(V2), Map);
        await _avro.PrepareAsync(_avroMessages.Select(m => (ReadOnlyMemory<byte>)m), CancellationToken.None);
        await _evolved.PrepareAsync(_avroMessages.Select(m => (ReadOnlyMemory<byte>)m), CancellationToken.None);
        if (AvroDecode() != Records || AvroDecodeEvolved() != Records || JsonDecode() != Records)
        {
            throw new InvalidOperationException("every benchmark record must decode");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        _directory?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public int JsonDecode()
    {
        var accepted = 0;
        foreach (var message in _jsonMessages)
        {
            accepted += JsonSerializer.Deserialize(message, BenchJsonContext.Default.BenchOrder) is not null ? 1 : 0;
        }

        return accepted;
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public int AvroDecode() => DecodeAll(_avro);

    [Benchmark(OperationsPerInvoke = Records)]
    public int AvroDecodeEvolved() => DecodeAll(_evolved);

    private int DecodeAll(AvroRecordDecoder<BenchOrder> decoder)
    {
        var accepted = 0;
        for (var i = 0; i < _avroMessages.Length; i++)
        {
            accepted += decoder.Decode(_avroMessages[i], SourcePosition.Kafka("orders", 0, i)).IsAccepted ? 1 : 0;
        }

        return accepted;
    }

    private static BenchOrder Map(GenericRecord r) => new(
        (string)r["transaction_id"], (long)r["customer_id"], (long)r["product_id"], (int)r["quantity"], (long)r["item_price"],
        (long)r["shipment_fee"], new DateTimeOffset((DateTime)r["created_at"]), ((GenericEnum)r["status"]).Value, (string)r["payment_method"],
        (string?)r["promo_code"]);

    /// <summary>The record both formats decode into.</summary>
    public sealed record BenchOrder(
        [property: JsonPropertyName("transaction_id")] string TransactionId,
        [property: JsonPropertyName("customer_id")] long CustomerId,
        [property: JsonPropertyName("product_id")] long ProductId,
        [property: JsonPropertyName("quantity")] int Quantity,
        [property: JsonPropertyName("item_price")] long ItemPrice,
        [property: JsonPropertyName("shipment_fee")] long ShipmentFee,
        [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
        [property: JsonPropertyName("status")] string Status,
        [property: JsonPropertyName("payment_method")] string PaymentMethod,
        [property: JsonPropertyName("promo_code")] string? PromoCode);

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "facet-bench-" + Guid.NewGuid().ToString("N")[..12]);

        public TempDirectory() => Directory.CreateDirectory(Path);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}

[JsonSerializable(typeof(AvroDecodeBenchmarks.BenchOrder))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
