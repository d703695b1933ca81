using System.Diagnostics;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;
using Npgsql;

namespace Facet.Reliability.Tests;

/// <summary>PostgreSQL goes away under a running <c>facet run</c>: on a private cluster, so other test classes keep theirs.</summary>
public sealed class WarehouseOutageTests(EmbeddedKafka kafka, PrivatePostgresCluster cluster) : IClassFixture<EmbeddedKafka>, IClassFixture<PrivatePostgresCluster>
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Run_waits_while_PostgreSQL_is_stopped_for_10_s_then_resumes_with_exact_counts_and_says_so_in_its_log()
    {
        await cluster.CreateDatabaseAsync("outage_stop");
        var warehouse = cluster.ConnectionString("outage_stop");
        await FacetRun.MigrateAsync(warehouse);
        var topic = kafka.CreateTopic(partitions: 4, prefix: "pgstop");
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(8_000, seed: "pgstop");
        var halves = script.Lines.Chunk(4_000).ToArray();
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, halves[0], partitions: 4);

        await using var run = FacetProcess.Start(FacetRun.Arguments(kafka.BootstrapServers, topic, group, warehouse, maxBatch: 500));
        await Progress.UntilAsync(() => WarehouseAudit.ScalarAsync(warehouse, "SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints"), n => n == halves[0].Length, Stall, "the first half", run);

        var down = Stopwatch.StartNew();
        await cluster.StopAsync();
        try
        {
            // Messages arrive while the warehouse is down: the batch cannot commit and must wait.
            await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, halves[1], partitions: 4, offset: halves[0].Length);
            await run.WaitForLineAsync(l => l.Contains("Warehouse unavailable", StringComparison.Ordinal), TimeSpan.FromSeconds(60));
            Assert.False(run.HasExited, run.StandardError);
            if (Outage - down.Elapsed is { Ticks: > 0 } rest)
            {
                // The fault's length is the point of the test, not a wait for state.
                await Task.Delay(rest);
            }

            Assert.False(run.HasExited, run.StandardError);
        }
        finally
        {
            await cluster.StartAsync();
        }

        await run.WaitForLineAsync(l => l.Contains("Warehouse available again", StringComparison.Ordinal), Stall);
        await Progress.UntilAsync(() => WarehouseAudit.ScalarAsync(warehouse, "SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints"), n => n == script.Lines.Count, Stall, "every message", run);
        Assert.Equal(0, await FacetRun.StopAsync(run));

        await AssertExactAsync(warehouse, script, topic, group);
        Assert.DoesNotContain(PrivatePostgresCluster.Password, run.StandardError + run.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_given_a_dead_peers_partitions_while_PostgreSQL_is_down_keeps_polling_with_them_paused_and_loads_exact_counts_when_it_returns()
    {
        await cluster.CreateDatabaseAsync("outage_rebalance");
        var warehouse = cluster.ConnectionString("outage_rebalance");
        await FacetRun.MigrateAsync(warehouse);
        var topic = kafka.CreateTopic(partitions: 4, prefix: "pgrebalance");
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(6_000, seed: "pgrebalance");
        var halves = script.Lines.Chunk(3_000).ToArray();
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, halves[0], partitions: 4);
        // A member that stays away from Consume longer than this is evicted: the outage below lasts longer.
        string[] pollBound = ["--kafka-config", "max.poll.interval.ms=7000"];

        await using var survivor = FacetProcess.Start(FacetRun.Arguments(kafka.BootstrapServers, topic, group, warehouse, 500, pollBound));
        await using var victim = FacetProcess.Start(FacetRun.Arguments(kafka.BootstrapServers, topic, group, warehouse, 500, pollBound));
        await victim.WaitForLineAsync(l => l.Contains("Assigned partitions", StringComparison.Ordinal), Stall);
        await Progress.UntilAsync(() => WarehouseAudit.ScalarAsync(warehouse, "SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints"), n => n == halves[0].Length, Stall, "the first half", survivor);

        await cluster.StopAsync();
        try
        {
            // A member dies while the warehouse is down: the rebalance hands the survivor partitions whose start
            // offsets only the warehouse knows.
            victim.Signal(9);
            await survivor.WaitForLineAsync(l => l.Contains("checkpoints cannot be read yet", StringComparison.Ordinal), Stall);
            await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, halves[1], partitions: 4, offset: halves[0].Length);
            // The fault's length is the point of the test (longer than max.poll.interval.ms), not a wait for state.
            await Task.Delay(TimeSpan.FromSeconds(12));
            Assert.False(survivor.HasExited, survivor.StandardError);
        }
        finally
        {
            await cluster.StartAsync();
        }

        await Progress.UntilAsync(() => WarehouseAudit.ScalarAsync(warehouse, "SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints"), n => n == script.Lines.Count, Stall, "every message", survivor);
        Assert.Equal(0, await FacetRun.StopAsync(survivor));
        Assert.Contains("→ Paused", survivor.StandardError, StringComparison.Ordinal);
        Assert.Contains("checkpoints read after the warehouse came back", survivor.StandardError, StringComparison.Ordinal);
        Assert.DoesNotContain("max.poll.interval.ms (", survivor.StandardError, StringComparison.Ordinal);
        await AssertExactAsync(warehouse, script, topic, group);
    }

    [Fact]
    public async Task Run_recovers_when_its_PostgreSQL_connections_are_terminated_again_and_again_and_loads_exact_counts()
    {
        await cluster.CreateDatabaseAsync("outage_kill");
        var warehouse = cluster.ConnectionString("outage_kill");
        await FacetRun.MigrateAsync(warehouse);
        var topic = kafka.CreateTopic(partitions: 4, prefix: "pgkill");
        var group = EmbeddedKafka.NewGroupId();
        var script = TestEvents.Script(8_000, seed: "pgkill");
        await using var run = FacetProcess.Start(FacetRun.Arguments(kafka.BootstrapServers, topic, group, warehouse, maxBatch: 200));
        await run.WaitForLineAsync(l => l.Contains("Assigned partitions", StringComparison.Ordinal), Stall);

        var terminated = 0L;
        var killedAt = -1L;
        var chunks = script.Lines.Chunk(1_000).ToArray();
        for (var i = 0; i < chunks.Length; i++)
        {
            await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, chunks[i], partitions: 4, offset: i * 1_000);
            var target = (i + 1) * 1_000L;
            // Terminate every backend of the database while the batches of this chunk load: again after each commit
            // seen, so every batch meets a killed connection, however long a batch takes on a busy machine (killing on
            // every 100 ms poll starved batches slower than that of any chance to commit).
            await Progress.UntilAsync(
                async () =>
                {
                    var loaded = await WarehouseAudit.ScalarAsync(warehouse, "SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints");
                    if (loaded != killedAt)
                    {
                        terminated += await TerminateAsync(cluster.AdminConnectionString, "outage_kill");
                        killedAt = loaded;
                    }

                    return loaded;
                },
                n => n == target, Stall, $"chunk {i}", run);
        }

        Assert.Equal(0, await FacetRun.StopAsync(run));
        Assert.True(terminated > 0, "no backend was terminated");
        Assert.Contains("Warehouse unavailable", run.StandardError, StringComparison.Ordinal);
        Assert.Contains("Warehouse available again", run.StandardError, StringComparison.Ordinal);
        await AssertExactAsync(warehouse, script, topic, group);
    }

    private static async Task<long> TerminateAsync(string admin, string database)
    {
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = @d AND pid <> pg_backend_pid()", connection);
        command.Parameters.AddWithValue("d", database);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    internal static async Task AssertExactAsync(string warehouse, EventScript script, string topic, string group)
    {
        Assert.Equal(script.DistinctValidIds, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM fact_events"));
        Assert.Equal(script.DistinctValidIds, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(DISTINCT event_id) FROM fact_events"));
        Assert.Equal(script.Malformed, await WarehouseAudit.ScalarAsync(warehouse, "SELECT count(*) FROM bad_events"));
        Assert.Equal(script.Lines.Count, await WarehouseAudit.ScalarAsync(warehouse, $"SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints WHERE consumer_group = '{group}' AND topic = '{topic}'"));
        foreach (var (table, differences, rows) in await WarehouseAudit.RollupDifferencesAsync(warehouse))
        {
            Assert.True(rows > 0 && differences == 0, $"{table}: {differences} of {rows} rows differ from a recount of fact_events");
        }
    }
}
