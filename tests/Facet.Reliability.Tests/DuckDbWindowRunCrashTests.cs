using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary><see cref="WindowRunCrashTests"/> on a DuckDB file in the test's temp folder.</summary>
public sealed class DuckDbWindowRunCrashTests(EmbeddedKafka kafka) : WindowRunCrashTests(kafka)
{
    protected override WarehouseProbe CreateEmptyWarehouse() => WarehouseProbe.DuckDb(Directory.File("windows.duckdb"));
}
