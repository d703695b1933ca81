using System.Globalization;
using Facet.Storage.Internal;
using Microsoft.Extensions.Logging;

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

    [Fact]
    public async Task An_upgrade_logs_each_pending_migration_before_and_after_it_and_a_new_schema_logs_one_line()
    {
        var latest = WarehouseFactory.SchemaVersion;
        await CreateAtSchemaVersionAsync(latest - 2, []);
        var upgrade = new RecordingLoggerFactory();
        await (await OpenAsync(migrate: false, logs: upgrade)).MigrateAsync(CancellationToken.None);

        // Each pending version announced before it runs and reported with its time after it, at Information: a long one
        // (V022 rebuilds DuckDB's fact table) is visible while it works; the versions already there are not mentioned.
        string[] Pending(params int[] versions) =>
            [.. versions.SelectMany(v => new[] { $"applying migration {v} (", $"applied migration {v} (" })];
        var expected = Pending(latest - 1, latest);
        Assert.Equal(expected, upgrade.At(LogLevel.Information, "migration ").Select(l => expected.FirstOrDefault(p => l.Contains(p, StringComparison.Ordinal)) ?? l));
        Assert.Matches($@"applied migration {latest} \([^)]+\) in \d+\.\d s$", upgrade.At(LogLevel.Information, $"applied migration {latest} (").Single());
        Assert.Empty(upgrade.At(LogLevel.Information, "created the schema"));
    }

    [Fact]
    public async Task A_new_schema_logs_one_line_at_information_and_each_migration_at_debug()
    {
        var logs = new RecordingLoggerFactory();
        await OpenAsync(logs: logs);

        var latest = WarehouseFactory.SchemaVersion;
        Assert.Matches($@"created the schema at version {latest} in \d+\.\d s$", logs.At(LogLevel.Information, "created the schema").Single());
        Assert.Empty(logs.At(LogLevel.Information, "migration "));
        Assert.Equal(2 * latest, logs.At(LogLevel.Debug, " migration ").Count());
    }

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
