using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary><see cref="WindowFinalRestartTests"/> on a DuckDB file in the test's temp folder.</summary>
public sealed class DuckDbWindowFinalRestartTests(EmbeddedKafka kafka) : WindowFinalRestartTests(kafka)
{
    protected override WarehouseProbe CreateEmptyWarehouse() => WarehouseProbe.DuckDb(Directory.File("windows.duckdb"));
}
