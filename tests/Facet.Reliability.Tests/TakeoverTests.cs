using System.Diagnostics;
using System.Globalization;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Facet.Reliability.Tests;

/// <summary>
/// Issue 23 item 2: how long a crashed member's partitions wait before the survivor loads them, with the session
/// timeout facet run sets by default (10 s; librdkafka's own 45 s made takeover take 45–48 s).
/// </summary>
public sealed class TakeoverTests(EmbeddedKafka kafka, PostgresDatabase postgres, ITestOutputHelper output) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>
{
    private const int Partitions = 4;
    private static readonly TimeSpan DefaultSessionTimeout = TimeSpan.FromSeconds(10);

    // Generous on purpose (a busy 2-core machine): what matters is the order of magnitude — the session timeout, not
    // librdkafka's 45 s default or a member that never hands over. Measured on the mock cluster: ~20 s, the session
    // timeout and then about as long again until the survivor's reassignment (the rebalance's join phase), so the bound
    // is two session timeouts plus 15 s of slack.
    private static readonly TimeSpan TakeoverBound = 2 * DefaultSessionTimeout + TimeSpan.FromSeconds(15);

    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_member_killed_with_SIGKILL_hands_its_partitions_to_the_survivor_within_the_default_session_timeout()
    {
        var warehouse = postgres.ConnectionString;
        await FacetRun.MigrateAsync(warehouse);
        var topic = kafka.CreateTopic(Partitions, prefix: "takeover");
        var group = EmbeddedKafka.NewGroupId("takeover");
        var script = TestEvents.Script(6_000, seed: "takeover");
        var halves = script.Lines.Chunk(3_000).ToArray();

        // No --kafka-config session.timeout.ms: the point is facet run's default.
        string[] arguments = ["run", "--kafka", kafka.BootstrapServers, "--topic", topic, "--group", group, "--warehouse", warehouse, "--trigger", "200ms", "--max-batch", "500"];
        await using var survivor = FacetProcess.Start(arguments);
        await survivor.WaitForLineAsync(l => l.Contains("Assigned partitions", StringComparison.Ordinal), Stall);
        await using var victim = FacetProcess.Start(arguments);
        await victim.WaitForLineAsync(l => l.Contains("Assigned partitions", StringComparison.Ordinal), Stall);
        // Produced once both members are in the group, so each loads a share of it.
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, halves[0], Partitions);
        await Progress.UntilAsync(() => CheckpointSumAsync(warehouse, group, topic), n => n == halves[0].Length, Stall, "the first half", survivor);
        // Both members consume: each committed at least one batch of its own share.
        await Progress.UntilAsync(() => WarehouseAudit.ScalarAsync(warehouse, $"SELECT count(DISTINCT worker_id) FROM pipeline_batches WHERE worker_id LIKE '%-{victim.Id}'"), n => n == 1, Stall, "a batch of the second member", victim);

        var before = await CheckpointsAsync(warehouse, group, topic);
        victim.Signal(9);
        var sinceKill = Stopwatch.StartNew();
        await victim.WaitForExitAsync(TimeSpan.FromSeconds(30));
        // New messages on every partition: each partition's checkpoint moves only when its owner commits a batch, so the
        // dead member's partitions move only once the survivor has taken them over.
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, halves[1], Partitions, offset: halves[0].Length);

        var firstAdvance = new Dictionary<int, TimeSpan>();
        while (firstAdvance.Count < Partitions && sinceKill.Elapsed < TakeoverBound + TimeSpan.FromSeconds(60))
        {
            foreach (var (partition, next) in await CheckpointsAsync(warehouse, group, topic))
            {
                if (next > before.GetValueOrDefault(partition) && !firstAdvance.ContainsKey(partition))
                {
                    firstAdvance[partition] = sinceKill.Elapsed;
                }
            }

            Assert.False(survivor.HasExited, survivor.StandardError);
            await Task.Delay(100);
        }

        var figures = string.Join(", ", firstAdvance.OrderBy(p => p.Key).Select(p => string.Create(CultureInfo.InvariantCulture, $"p{p.Key} {p.Value.TotalSeconds:0.0} s")));
        Assert.True(firstAdvance.Count == Partitions, $"only {firstAdvance.Count} of {Partitions} partitions were loaded after the kill ({figures})\n{survivor.StandardError}");
        var takeover = firstAdvance.Values.Max();
        var line = string.Create(CultureInfo.InvariantCulture, $"takeover after SIGKILL: {takeover.TotalSeconds:0.0} s until the survivor's first batch on the dead member's partitions (first commit per partition after the kill: {figures}; session timeout 10 s)");
        output.WriteLine(line);
        Console.WriteLine(line);
        Assert.True(takeover < TakeoverBound, line);

        await Progress.UntilAsync(() => CheckpointSumAsync(warehouse, group, topic), n => n == script.Lines.Count, Stall, "every message", survivor);
        Assert.Equal(0, await FacetRun.StopAsync(survivor));
        await WarehouseOutageTests.AssertExactAsync(warehouse, script, topic, group);
    }

    private static Task<long> CheckpointSumAsync(string warehouse, string group, string topic) =>
        WarehouseAudit.ScalarAsync(warehouse, $"SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints WHERE consumer_group = '{group}' AND topic = '{topic}'");

    private static async Task<Dictionary<int, long>> CheckpointsAsync(string warehouse, string group, string topic)
    {
        await using var connection = new NpgsqlConnection(warehouse);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT partition, next_offset FROM stream_checkpoints WHERE consumer_group = @g AND topic = @t", connection);
        command.Parameters.AddWithValue("g", group);
        command.Parameters.AddWithValue("t", topic);
        var result = new Dictionary<int, long>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            result[reader.GetInt32(0)] = reader.GetInt64(1);
        }

        return result;
    }
}
