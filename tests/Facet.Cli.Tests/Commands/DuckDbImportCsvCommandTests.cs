using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

public sealed class DuckDbImportCsvCommandTests : ImportCsvCommandTests
{
    protected override Task<WarehouseProbe> CreateEmptyWarehouseAsync() =>
        Task.FromResult(WarehouseProbe.DuckDb(Directory.File("import.duckdb")));
}
