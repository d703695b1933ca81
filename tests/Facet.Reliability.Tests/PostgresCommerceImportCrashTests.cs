using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary><see cref="CommerceImportCrashTests"/> on PostgreSQL: the class's own database, created here and dropped on dispose.</summary>
public sealed class PostgresCommerceImportCrashTests(PostgresDatabase postgres) : CommerceImportCrashTests, IClassFixture<PostgresDatabase>
{
    protected override WarehouseProbe CreateEmptyWarehouse() => WarehouseProbe.Postgres(postgres.ConnectionString);
}
