using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary><see cref="WindowFinalRestartTests"/> on PostgreSQL: the class's own database, created here and dropped on dispose.</summary>
public sealed class PostgresWindowFinalRestartTests(EmbeddedKafka kafka, PostgresDatabase postgres) : WindowFinalRestartTests(kafka), IClassFixture<PostgresDatabase>
{
    protected override WarehouseProbe CreateEmptyWarehouse() => WarehouseProbe.Postgres(postgres.ConnectionString);
}
