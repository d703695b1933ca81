using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary><see cref="CommerceCrashTests"/> on a DuckDB file in the test's temp folder.</summary>
public sealed class DuckDbCommerceCrashTests(EmbeddedKafka kafka) : CommerceCrashTests(kafka)
{
    protected override WarehouseProbe CreateEmptyWarehouse() => WarehouseProbe.DuckDb(Directory.File("commerce.duckdb"));
}
