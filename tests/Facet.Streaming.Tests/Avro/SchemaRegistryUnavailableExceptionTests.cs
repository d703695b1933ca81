using Facet.Storage;
using Facet.Streaming.Avro;
using Facet.Streaming.Processing;
using Xunit;

namespace Facet.Streaming.Tests.Avro;

public sealed class SchemaRegistryUnavailableExceptionTests
{
    [Fact]
    public void A_registry_outage_is_a_transient_error_for_the_processors_retry_loop()
    {
        // The processor retries transient failures like a warehouse outage; anything else stops it. A registry that is
        // down must be retried, never turned into rejections or a stop.
        Assert.True(WarehouseErrors.IsTransient(new SchemaRegistryUnavailableException("the schema registry cannot be reached")));
        Assert.True(WarehouseErrors.IsTransient(new InvalidOperationException("batch failed", new SchemaRegistryUnavailableException("down"))));
    }
}
