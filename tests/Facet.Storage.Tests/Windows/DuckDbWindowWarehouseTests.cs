using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Storage.Tests.Windows;

/// <summary>Event-time windows on DuckDB: each test gets its own file.</summary>
public sealed class DuckDbWindowWarehouseTests : WindowWarehouseTests
{
    private readonly TempDirectory _directory = new();

    protected override WarehouseLocation Location => WarehouseLocation.Parse("duckdb:" + _directory.File("warehouse.duckdb"));

    // The test's warehouse still has the file open: read through a writable connection of the same process.
    protected override ReportService OpenReports() => ReportService.ForDuckDb(_directory.File("warehouse.duckdb"), readOnly: false);

    // DuckDB's window_write keeps every member (V013 adds the column only).
    protected override Task<Dictionary<string, (long FoldedRows, long Members)>?> MemberStorageAsync() =>
        Task.FromResult<Dictionary<string, (long FoldedRows, long Members)>?>(null);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        _directory.Dispose();
    }
}
