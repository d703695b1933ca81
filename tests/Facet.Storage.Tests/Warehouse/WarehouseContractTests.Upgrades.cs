using System.Globalization;
using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>Upgrades: a warehouse that an earlier Facet left at an older schema version migrates to the current one.</summary>
public abstract partial class WarehouseContractTests
{
    public static TheoryData<int> EarlierSchemaVersions() => [.. Enumerable.Range(1, WarehouseFactory.SchemaVersion - 1)];

    /// <summary>
    /// The warehouse as the Facet of schema <paramref name="version"/> created it: that version's migrations applied in one
    /// transaction and committed, the connection closed; then <paramref name="afterwards"/> run as separate statements.
    /// </summary>
    protected abstract Task CreateAtSchemaVersionAsync(int version, IEnumerable<string> afterwards);

    /// <summary>The dialect's migrations up to <paramref name="version"/>, as <see cref="CreateAtSchemaVersionAsync"/> applies them.</summary>
    private protected static IEnumerable<Migration> MigrationsUpTo(string dialect, int version) => Migration.For(dialect).Where(m => m.Version <= version);

    [Theory]
    [MemberData(nameof(EarlierSchemaVersions))]
    public async Task A_warehouse_left_at_an_earlier_schema_version_migrates_to_the_current_one_keeps_its_rows_and_loads(int version)
    {
        // Each table a later version rebuilds or alters holds a row that must survive: a logged batch (V011 rebuilds the
        // batch log on DuckDB, whose 1.5.6 aborted the process on the ALTER between an index drop and re-create of a
        // table an earlier transaction had made) and a fact.
        await CreateAtSchemaVersionAsync(version,
        [
            "INSERT INTO pipeline_batches (worker_id, started_at, committed_at, consumed, inserted, duplicates, rejected) " +
            "VALUES ('earlier facet', TIMESTAMP '2024-06-01 10:00:00', TIMESTAMP '2024-06-01 10:00:01', 1, 1, 0, 0)",
        ]);

        var w = await OpenAsync(migrate: false);
        await w.MigrateAsync(CancellationToken.None);

        var versions = await QueryAsync(w, "SELECT version FROM schema_version ORDER BY version");
        Assert.Equal(Enumerable.Range(1, WarehouseFactory.SchemaVersion).Select(v => v.ToString(CultureInfo.InvariantCulture)), versions.Select(r => r[0]));
        // Rows logged before V011 count as having written every family (7).
        Assert.Equal([["earlier facet", "1", "7"]], await QueryAsync(w, "SELECT worker_id, batch_id, families FROM pipeline_batches"));

        await w.WriteBatchAsync(TestEvents.Batch(TestEvents.Event("after the upgrade")) with { Info = new BatchInfo("w1", 1, null, DateTimeOffset.UtcNow) }, CancellationToken.None);
        Assert.Equal(1, await CountAsync(w, "fact_events"));
        // The batch log's sequence carried over: the new batch follows the old one.
        Assert.Equal([["1"], ["2"]], await QueryAsync(w, "SELECT batch_id FROM pipeline_batches ORDER BY batch_id"));
    }
}
