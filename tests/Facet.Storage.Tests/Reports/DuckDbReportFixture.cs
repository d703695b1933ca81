using Facet.Testing;

namespace Facet.Storage.Tests.Reports;

/// <summary>The report fixture on a DuckDB file in a temp folder (writer and reader in one process).</summary>
public sealed class DuckDbReportFixture : ReportFixture
{
    private readonly TempDirectory _directory = new();

    protected override Task<WarehouseLocation> CreateLocationAsync() =>
        Task.FromResult(WarehouseLocation.Parse("duckdb:" + _directory.File("reports.duckdb")));

    protected override Task CleanupAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }
}
