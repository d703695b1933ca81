using Facet.Storage;
using Facet.Testing;

namespace Facet.SchemaRegistry.Tests;

/// <summary>The registry contract over a DuckDB warehouse file (one per test).</summary>
public sealed class DuckDbSchemaRegistryTests : SchemaRegistryContract, IDisposable
{
    private readonly TempDirectory _directory = new();

    protected override Task<SchemaRegistryHost> StartAsync(string? authToken = null) =>
        SchemaRegistryHost.StartAsync(WarehouseLocation.Parse("duckdb:" + _directory.File("registry.duckdb")), authToken);

    public void Dispose() => _directory.Dispose();
}
