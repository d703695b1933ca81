using Facet.Storage;
using Facet.Testing;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>The commerce KPIs on DuckDB: a file in a temp folder per test.</summary>
public sealed class DuckDbCommerceKpiTests : CommerceKpiTests
{
    private readonly TempDirectory _directory = new();

    protected override Task<WarehouseLocation> CreateLocationAsync() => Task.FromResult(WarehouseLocation.Parse("duckdb:" + _directory.File("commerce.duckdb")));

    protected override Task CleanUpAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
