using Confluent.SchemaRegistry;
using Facet.Core.Commerce;
using Facet.Streaming.Avro;
using Facet.Streaming.Avro.Commerce;
using Facet.Streaming.Streams;

namespace Facet.Streaming.Tests;

/// <summary>What a set of streams tells the engine before it decodes a batch.</summary>
public sealed class StreamSetTests
{
    [Fact]
    public void The_set_prepares_only_when_one_of_its_streams_has_a_preparation_step()
    {
        // A client is only a configuration until it is asked for a schema: nothing listens at this address.
        using var registry = new CachedSchemaRegistryClient(new SchemaRegistryConfig { Url = "http://127.0.0.1:9" });
        var json = new StreamDefinition<Order>(CommerceTopics.Transactions, ["orders-json"], new OrderDecoder());
        var avro = new StreamDefinition<Customer>(CommerceTopics.Customers, ["customers-avro"],
            CommerceAvroDecoders.Create(CommerceTopics.Customers, new AvroWriterSchemas(registry), new CustomerDecoder()));

        Assert.False(json.Prepares);
        Assert.True(avro.Prepares);
        Assert.False(new StreamSet([json]).Prepares);
        Assert.True(new StreamSet([json, avro]).Prepares);
    }
}
