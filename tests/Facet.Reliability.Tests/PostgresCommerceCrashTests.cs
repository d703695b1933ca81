using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary><see cref="CommerceCrashTests"/> on PostgreSQL: the class's own database, created here and dropped on dispose.</summary>
public sealed class PostgresCommerceCrashTests(EmbeddedKafka kafka, PostgresDatabase postgres) : CommerceCrashTests(kafka), IClassFixture<PostgresDatabase>
{
    protected override WarehouseProbe CreateEmptyWarehouse() => WarehouseProbe.Postgres(postgres.ConnectionString);
}
