using System.Globalization;
using Facet.Reliability.Tests.Fixtures;
using Facet.Simulation.Generation;
using Facet.Testing;

namespace Facet.Reliability.Tests;

public sealed class CrashTests(PostgresDatabase postgres) : IClassFixture<PostgresDatabase>
{
    private const int Messages = 200_000;

    // 200k generated messages are ~170 MB. The mock broker keeps ~5 MB per partition and the generator's producer
    // sticks to one partition for a few hundred messages at a time, so partitions fill unevenly: 128 partitions
    // (~1.3 MB each on average) and a paced producer keep every partition well under the limit while consumers run.
    private const int Partitions = 128;

    // A restarted member waits for the killed one's session (6 s) to expire before it gets partitions.
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_killed_with_SIGKILL_at_5_random_moments_loads_200k_generated_messages_exactly_once()
    {
        using var directory = new TempDirectory();
        var truthPath = directory.File("truth.json");
        var warehouse = postgres.ConnectionString;
        await FacetRun.MigrateAsync(warehouse);
        var (broker, bootstrap) = await FacetRun.StartKafkaDevAsync("crash", Partitions);
        await using var brokerScope = broker;
        const string group = "crash";
        Task<long> Checkpointed() => WarehouseAudit.ScalarAsync(warehouse, "SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints WHERE consumer_group = 'crash'");

        await using var generator = FacetProcess.Start([
            "generate", "--kafka", bootstrap, "--topic", "crash", "--count", Messages.ToString(CultureInfo.InvariantCulture), "--seed", "12",
            "--start", "2026-11-20T00:00:00Z", "--duplicates", "0.01", "--malformed", "0.002", "--truth", truthPath, "--rate", "5000",
        ]);

        // Five kill points spread over the stream: each waits for the checkpoints to pass a random mark, then a random
        // few hundred milliseconds more, so the kill can land anywhere: mid-batch, mid-transaction, mid-rebalance.
        var random = new Random(20261212);
        var marks = Enumerable.Range(0, 5).Select(_ => random.Next(Messages / 20, Messages * 9 / 10)).Order().ToArray();
        var kills = new List<string>();
        foreach (var mark in marks)
        {
            await using var run = FacetProcess.Start(FacetRun.Arguments(bootstrap, "crash", group, warehouse, maxBatch: 10_000));
            var reached = await Progress.UntilAsync(Checkpointed, n => n >= mark, Stall, $"the checkpoints to pass {mark}", run);
            await Task.Delay(random.Next(0, 400));
            run.Signal(9);
            await run.WaitForExitAsync(TimeSpan.FromSeconds(30));
            kills.Add($"{reached}");
        }

        Assert.Equal(0, await generator.WaitForExitAsync(TimeSpan.FromSeconds(120)));
        var truth = TruthDocument.Read(truthPath);
        Assert.Equal(Messages, truth.Messages);

        await using (var last = FacetProcess.Start(FacetRun.Arguments(bootstrap, "crash", group, warehouse, maxBatch: 10_000)))
        {
            await Progress.UntilAsync(Checkpointed, n => n == Messages, Stall, "every message to be checkpointed", last);
            Assert.Equal(0, await FacetRun.StopAsync(last));
        }

        Assert.Empty(await WarehouseAudit.CheckpointsBehindEndAsync(warehouse, bootstrap, "crash", group, Partitions));
        Assert.Equal(truth.ValidEvents, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM fact_events"));
        Assert.Equal(truth.ValidEvents, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(DISTINCT event_id) FROM fact_events"));
        Assert.Equal(truth.MalformedSent, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM bad_events"));
        foreach (var (code, expected) in truth.Rejections)
        {
            Assert.Equal((code, expected), (code, await WarehouseAudit.ScalarAsync(warehouse, $"SELECT count(*) FROM bad_events WHERE reason_code = '{code}'")));
        }

        foreach (var (collection, expected) in truth.Collections)
        {
            Assert.Equal((collection, expected), (collection, await WarehouseAudit.ScalarAsync(warehouse, $"SELECT count(*) FROM fact_events WHERE collection = '{collection}'")));
        }

        foreach (var (table, differences, rows) in await WarehouseAudit.RollupDifferencesAsync(warehouse))
        {
            Assert.True(rows > 0, $"{table} is empty");
            Assert.True(differences == 0, $"{table}: {differences} rows differ from a recount of fact_events (kills after {string.Join(", ", kills)} checkpointed messages)");
        }

        // Sessions and funnel progress trail each batch in a transaction of their own (V023): a kill between the two
        // commits left the batch pending for the next run to recover.
        var (derived, funnelRows) = await WarehouseAudit.DerivedDifferencesAsync(warehouse, async () =>
        {
            await using var maintenance = FacetProcess.Start(["db", "maintenance", "--warehouse", warehouse]);
            Assert.Equal(0, await maintenance.WaitForExitAsync(TimeSpan.FromMinutes(5)));
        });
        Assert.True(funnelRows > 1000, $"{funnelRows} funnel_progress rows");
        foreach (var (check, differences) in derived)
        {
            Assert.True(differences == 0, $"{check}: {differences} (kills after {string.Join(", ", kills)} checkpointed messages)");
        }
    }
}
