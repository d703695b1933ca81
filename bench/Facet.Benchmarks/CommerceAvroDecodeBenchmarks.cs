using BenchmarkDotNet.Attributes;
using Confluent.SchemaRegistry;
using Facet.Core.Commerce;
using Facet.Core.Events;
using Facet.Core.Streams;
using Facet.Simulation.Commerce;
using Facet.Storage;
using Facet.Streaming.Avro;
using Facet.Streaming.Avro.Commerce;
using Facet.Testing;

namespace Facet.Benchmarks;

/// <summary>
/// The production decoders of the transactions stream, per order: <see cref="OrderDecoder"/> on Facet's JSON form
/// versus the Avro decoder <c>facet run --value-format transactions=avro</c> uses (Confluent wire format → writer
/// schema resolved to transactions.avsc → <c>GenericRecord</c> → the JSON decoder's rules), over 2,000 valid orders
/// of the commerce generator (1–4 lines each) written by Confluent's serializer through Facet's registry.
/// See BENCHMARKS.md, "Issue 17".
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class CommerceAvroDecodeBenchmarks
{
    private const int Records = 2000;

    private TempDirectory? _directory;
    private SchemaRegistryHost? _registry;
    private CachedSchemaRegistryClient? _client;
    private readonly OrderDecoder _json = new();
    private IRecordDecoder<Order> _avro = null!;
    private byte[][] _avroMessages = [];
    private byte[][] _jsonMessages = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = new TempDirectory();
        _registry = await SchemaRegistryHost.StartAsync(WarehouseLocation.Parse("duckdb:" + _directory.File("registry.duckdb")));
        _client = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = _registry.ClientUrl });
        var serializer = new AvroValueSerializer(_client);
        var generator = new CommerceGenerator(new CommerceGeneratorOptions { Seed = 3, Start = new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero) });
        var orders = new List<Order>(Records);
        while (orders.Count < Records)
        {
            if (generator.Next().Record is Order order)
            {
                orders.Add(order);
            }
        }

        _jsonMessages = [.. orders.Select(static o => CommerceJsonWriter.ToUtf8(o, CommerceJsonWriter.Write))];
        _avroMessages = await Task.WhenAll(orders.Select(o => serializer.SerializeAsync(CommerceAvroRecords.ToAvro(o), CommerceTopics.Transactions)));
        var avro = CommerceAvroDecoders.Create(CommerceTopics.Transactions, new AvroWriterSchemas(_client), new OrderDecoder());
        await avro.PrepareAsync(_avroMessages.Select(static m => (ReadOnlyMemory<byte>)m), CancellationToken.None);
        _avro = avro;
        if (JsonOrders() != Records || AvroOrders() != Records)
        {
            throw new InvalidOperationException("every benchmark order must decode");
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        _client?.Dispose();
        if (_registry is not null)
        {
            await _registry.DisposeAsync();
        }

        _directory?.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public int JsonOrders() => DecodeAll(_json, _jsonMessages);

    [Benchmark(OperationsPerInvoke = Records)]
    public int AvroOrders() => DecodeAll(_avro, _avroMessages);

    private static int DecodeAll(IRecordDecoder<Order> decoder, byte[][] messages)
    {
        var accepted = 0;
        for (var i = 0; i < messages.Length; i++)
        {
            accepted += decoder.Decode(messages[i], SourcePosition.Kafka(CommerceTopics.Transactions, 0, i)).IsAccepted ? 1 : 0;
        }

        return accepted;
    }
}
