using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary><see cref="WindowRunCrashTests"/> on PostgreSQL: the class's own database, created here and dropped on dispose.</summary>
public sealed class PostgresWindowRunCrashTests(EmbeddedKafka kafka, PostgresDatabase postgres) : WindowRunCrashTests(kafka), IClassFixture<PostgresDatabase>
{
    protected override WarehouseProbe CreateEmptyWarehouse() => WarehouseProbe.Postgres(postgres.ConnectionString);
}
