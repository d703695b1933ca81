using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Storage.Tests.Windows;

/// <summary>Event-time windows on PostgreSQL: each test gets its own database on the ./test.sh cluster.</summary>
public sealed class PostgresWindowWarehouseTests : WindowWarehouseTests
{
    private readonly PostgresDatabase _database = new();

    protected override WarehouseLocation Location => WarehouseLocation.Parse(_database.ConnectionString);

    protected override ReportService OpenReports() => ReportService.ForPostgres(_database.ConnectionString);

    public override Task InitializeAsync() => _database.InitializeAsync();

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }
}
