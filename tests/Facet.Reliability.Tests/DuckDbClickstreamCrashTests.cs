using System.Globalization;
using Facet.Reliability.Tests.Fixtures;
using Facet.Simulation.Generation;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// The clickstream's crash guarantee on DuckDB (<see cref="CrashTests"/> proves it on PostgreSQL), where nothing in the
/// file refuses a second copy of a fact since V022 dropped <c>fact_events</c>' primary key: the batch's join of its keys
/// against the stored facts, under one writer, is the only dedup. <c>facet run</c> killed with SIGKILL at random
/// moments and restarted, then left to finish, stores each generated valid event once — duplicates sent 2 % of the
/// time, the batch in flight at each kill consumed again — and every reject once. The file is read only between runs (DuckDB closes
/// it to others while facet writes it); progress during a run comes from its Prometheus endpoint.
/// </summary>
public sealed class DuckDbClickstreamCrashTests(EmbeddedKafka kafka) : IClassFixture<EmbeddedKafka>, IDisposable
{
    private const int Messages = 40_000;

    // ~34 MB of messages produced before any consumer runs: the mock broker keeps ~5 MB per partition.
    private const int Partitions = 16;

    // A restarted member waits for the killed one's session (6 s) to expire before it gets partitions.
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Run_into_DuckDB_killed_with_SIGKILL_at_4_random_moments_stores_each_generated_event_and_reject_once()
    {
        var truthPath = _directory.File("truth.json");
        var probe = WarehouseProbe.DuckDb(_directory.File("clickstream.duckdb"));
        var warehouse = probe.WarehouseArgument;
        var bootstrap = kafka.BootstrapServers;
        var topic = kafka.CreateTopic(Partitions, "clicks-crash");
        const string group = "clicks-crash";
        await FacetRun.MigrateAsync(warehouse);

        var (generated, _, generateError) = await FacetProcess.RunAsync(
            ["generate", "--kafka", bootstrap, "--topic", topic, "--count", Messages.ToString(CultureInfo.InvariantCulture), "--seed", "22",
             "--start", "2026-11-20T00:00:00Z", "--duplicates", "0.02", "--malformed", "0.002", "--truth", truthPath],
            TimeSpan.FromMinutes(5));
        Assert.True(generated == 0, generateError);
        var truth = TruthDocument.Read(truthPath);
        Assert.Equal(Messages, truth.Messages);
        Assert.True(truth.DuplicatesSent > 0, "the generator sent no duplicates");

        Task<long> Checkpointed() => probe.CheckpointSumAsync(group, topic);

        var kills = await RandomKills.RunAsync(Messages, kills: 4, seed: 20261205, FacetRun.Arguments(bootstrap, topic, group, warehouse, maxBatch: 1000), Checkpointed, Stall);
        await using (var last = FacetProcess.Start(FacetRun.Arguments(bootstrap, topic, group, warehouse, maxBatch: 1000, "--stop-when-idle", "5s")))
        {
            var code = await last.WaitForExitAsync(TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"the last run exited {code}:\n{last.StandardError}");
        }

        var because = $" (kills after {string.Join(", ", kills)} checkpointed messages)";
        Assert.Equal(Messages, await Checkpointed());
        Assert.True(truth.ValidEvents == await probe.FactsAsync(), "facts" + because);
        Assert.True(await probe.ScalarAsync("SELECT count(*) FROM (SELECT event_key, event_date FROM fact_events GROUP BY ALL HAVING count(*) > 1) d") == 0, "a fact stored twice" + because);
        Assert.Equal(truth.ValidEvents, await probe.DistinctFactIdsAsync());
        foreach (var (collection, expected) in truth.Collections)
        {
            Assert.Equal((collection, expected), (collection, await probe.ScalarAsync($"SELECT count(*) FROM fact_events WHERE collection = '{collection}'")));
        }

        Assert.Equal(truth.MalformedSent, await probe.BadEventsAsync());
        foreach (var (code, expected) in truth.Rejections)
        {
            Assert.Equal((code, expected), (code, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE reason_code = '{code}'")));
        }

        // The rollups count each stored fact once too.
        Assert.Equal(truth.ValidEvents, await probe.ScalarAsync("SELECT CAST(sum(events) AS BIGINT) FROM rollup_collection_hourly"));
    }

    public void Dispose() => _directory.Dispose();
}
