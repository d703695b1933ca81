using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

/// <summary>Each test gets its own database, created here and dropped on dispose.</summary>
public sealed class PostgresImportCsvCommandTests : ImportCsvCommandTests, IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    protected override Task<WarehouseProbe> CreateEmptyWarehouseAsync() => Task.FromResult(WarehouseProbe.Postgres(_database.ConnectionString));
}
