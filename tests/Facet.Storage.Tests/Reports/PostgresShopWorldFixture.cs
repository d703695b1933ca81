using Facet.Testing;

namespace Facet.Storage.Tests.Reports;

/// <summary>The commerce world on PostgreSQL (its own database on ./test.sh's cluster).</summary>
public sealed class PostgresShopWorldFixture : ShopWorldFixture
{
    private readonly PostgresDatabase _database = new();

    protected override async Task<WarehouseLocation> CreateLocationAsync()
    {
        await _database.InitializeAsync();
        return WarehouseLocation.Parse(_database.ConnectionString);
    }

    protected override Task CleanupAsync() => _database.DisposeAsync();
}
