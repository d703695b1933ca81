using Facet.Storage;
using Facet.Testing;
using Xunit;

namespace Facet.SchemaRegistry.Tests;

/// <summary>The registry contract over a PostgreSQL warehouse (one database for the class; subjects differ per test).</summary>
public sealed class PostgresSchemaRegistryTests(PostgresDatabase database) : SchemaRegistryContract, IClassFixture<PostgresDatabase>
{
    protected override Task<SchemaRegistryHost> StartAsync(string? authToken = null) =>
        SchemaRegistryHost.StartAsync(WarehouseLocation.Parse(database.ConnectionString), authToken);
}
