using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary><see cref="CommerceImportCrashTests"/> on a DuckDB file in the test's temp folder.</summary>
public sealed class DuckDbCommerceImportCrashTests : CommerceImportCrashTests
{
    protected override WarehouseProbe CreateEmptyWarehouse() => WarehouseProbe.DuckDb(Directory.File("commerce.duckdb"));
}
