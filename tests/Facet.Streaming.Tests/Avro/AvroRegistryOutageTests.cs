using System.Text.Json.Nodes;
using Avro;
using Avro.Generic;
using Confluent.SchemaRegistry;
using Facet.Core.Commerce;
using Facet.Storage;
using Facet.Streaming.Avro;
using Facet.Streaming.Avro.Commerce;
using Facet.Streaming.Processing;
using Facet.Streaming.Streams;
using Facet.Streaming.Tests.Processing;
using Facet.Testing;
using Xunit;
using AvroSchema = Avro.Schema;

namespace Facet.Streaming.Tests.Avro;

/// <summary>
/// Avro orders consumed by the engine from the embedded Kafka while Facet's registry goes away mid-run: the records
/// whose writer schema the consumer has not fetched yet wait (none rejected, none lost) and load once the registry is
/// back; v1 and v2 (an added optional field with a default) of the schema both load.
/// </summary>
public sealed class AvroRegistryOutageTests(EmbeddedKafka kafka) : IClassFixture<EmbeddedKafka>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_registry_outage_mid_run_holds_the_records_it_cannot_resolve_until_the_registry_is_back_and_loses_none()
    {
        using var directory = new TempDirectory();
        var registryLocation = WarehouseLocation.Parse("duckdb:" + directory.File("registry.duckdb"));
        var registry = await SchemaRegistryHost.StartAsync(registryLocation);
        var port = registry.Url.Port;
        try
        {
            var topic = kafka.CreateTopic(partitions: 2);
            var orders = Enumerable.Range(0, 400)
                .Select(i => CommerceTestRecords.Order($"o{i}", $"c{i % 25}", CommerceTestRecords.Noon.AddMinutes(i), ($"p{i % 9}", 1 + (i % 3), 10.5m + (i % 7))))
                .ToList();

            // Both versions registered up front (the producer's side); the consumer has fetched neither.
            var v2 = (RecordSchema)AvroSchema.Parse(WithOptionalField(CommerceSchemas.Read(CommerceTopics.Transactions)));
            byte[][] v1Values, v2Values;
            using (var producerClient = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.ClientUrl }))
            {
                var serializer = new AvroValueSerializer(producerClient);
                v1Values = await Task.WhenAll(orders.Take(200).Select(o => serializer.SerializeAsync(CommerceAvroRecords.ToAvro(o), topic)));
                v2Values = await Task.WhenAll(orders.Skip(200).Select(o => serializer.SerializeAsync(AsV2(CommerceAvroRecords.ToAvro(o), v2), topic)));
            }

            Assert.NotEqual(AvroWriterSchemas.SchemaId(v1Values[0]), AvroWriterSchemas.SchemaId(v2Values[0]));
            using var consumerClient = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = registry.ClientUrl });
            var decoder = CommerceAvroDecoders.Create(CommerceTopics.Transactions, new AvroWriterSchemas(consumerClient), new OrderDecoder());
            var streams = new StreamSet([new StreamDefinition<Order>(CommerceTopics.Transactions, [topic], decoder)]);
            var warehousePath = directory.File("facet.duckdb");
            var probe = WarehouseProbe.DuckDb(warehousePath);
            var group = EmbeddedKafka.NewGroupId();

            await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, v1Values, partitions: 2);
            var harness = await StreamProcessorHarness.StartAsync("duckdb:" + warehousePath, kafka.BootstrapServers, topic, group, stopWhenIdle: null, streams: streams);
            StreamRunSummary summary;
            try
            {
                await Eventually.Until(() => Task.FromResult(harness.Metrics.TotalInserted), n => n >= 200, Patience, "the v1 orders loaded");

                // The registry goes away; the v2 orders arrive with a schema id the consumer has never fetched.
                await registry.DisposeAsync();
                await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, v2Values, partitions: 2, offset: 200);
                await Eventually.Until(() => Task.FromResult(harness.Processor.Status), s => s.State == ProcessorState.Paused && s.Reason?.Contains("schema registry", StringComparison.Ordinal) == true, Patience, "the processor paused for the registry");
                Assert.Equal(200, harness.Metrics.TotalInserted);
                Assert.Equal(0, harness.Metrics.TotalRejected);

                registry = await SchemaRegistryHost.StartAsync(registryLocation, port: port);
                await Eventually.Until(() => Task.FromResult(harness.Metrics.TotalInserted), n => n >= 400, Patience, "the v2 orders loaded after the registry came back");
                summary = await harness.StopAsync();
            }
            finally
            {
                await harness.DisposeAsync();
            }

            Assert.Equal(400, summary.Inserted);
            Assert.Equal(0, summary.Rejected);
            Assert.Equal(400, await probe.ScalarAsync("SELECT count(*) FROM fact_order"));
            Assert.Equal(orders.Sum(static o => o.Lines.Sum(static l => l.Quantity)), await probe.ScalarAsync("SELECT CAST(sum(quantity) AS BIGINT) FROM fact_order_line"));
            Assert.Equal(0, await probe.BadEventsAsync());
            Assert.Equal(400, await probe.CheckpointSumAsync(group, topic));
        }
        finally
        {
            await registry.DisposeAsync();
        }
    }

    /// <summary>v2 of a schema: one more optional field with a default (BACKWARD-compatible).</summary>
    private static string WithOptionalField(string schema)
    {
        var node = JsonNode.Parse(schema)!;
        node["fields"]!.AsArray().Add(JsonNode.Parse("""{"name":"gift_message","type":["null","string"],"default":null}"""));
        return node.ToJsonString();
    }

    private static GenericRecord AsV2(GenericRecord v1, RecordSchema v2)
    {
        var record = new GenericRecord(v2);
        foreach (var field in v1.Schema.Fields)
        {
            record.Add(field.Name, v1.GetValue(field.Pos));
        }

        record.Add("gift_message", "happy birthday");
        return record;
    }
}
