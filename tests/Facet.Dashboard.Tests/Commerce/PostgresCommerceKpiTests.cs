using Facet.Storage;
using Facet.Testing;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>The commerce KPIs on PostgreSQL: a database per test on the ./test.sh cluster.</summary>
public sealed class PostgresCommerceKpiTests : CommerceKpiTests
{
    private readonly PostgresDatabase _database = new();

    protected override async Task<WarehouseLocation> CreateLocationAsync()
    {
        await _database.InitializeAsync();
        return WarehouseLocation.Parse(_database.ConnectionString);
    }

    protected override Task CleanUpAsync() => _database.DisposeAsync();
}
