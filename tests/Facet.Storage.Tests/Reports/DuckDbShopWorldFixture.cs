using Facet.Testing;

namespace Facet.Storage.Tests.Reports;

/// <summary>The commerce world on a DuckDB file in a temp folder.</summary>
public sealed class DuckDbShopWorldFixture : ShopWorldFixture
{
    private readonly TempDirectory _directory = new();

    protected override Task<WarehouseLocation> CreateLocationAsync() =>
        Task.FromResult(WarehouseLocation.Parse("duckdb:" + _directory.File("shop.duckdb")));

    protected override Task CleanupAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
