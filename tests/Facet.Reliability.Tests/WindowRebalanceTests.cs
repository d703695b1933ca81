using System.Globalization;
using System.Text;
using Facet.Core.Commerce;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// Issue 19, a rebalance moving partitions mid-window: one <c>facet run --streams commerce</c> worker loads the
/// generator's stream as it is produced (paced, with late events), a second joins the group mid-stream (half the
/// partitions move to it) and later leaves cleanly (they move back). Both write the same windows and watermarks in their
/// batch transactions. Afterwards every definition's stored watermark input per partition is the newest event time
/// the broker holds for that partition — whoever owned it last continued from what the previous owner committed — and
/// the windows, late counts and watermarks equal <see cref="WindowReplay"/>'s recomputation in the order the batches
/// committed. Views and orders far ahead on every partition end the stream, so every window is final at the end
/// (a window the watermark passed must be flagged final, whichever worker wrote its rows). PostgreSQL only: two
/// processes cannot write one DuckDB file.
/// </summary>
public sealed class WindowRebalanceTests(EmbeddedKafka kafka, PostgresDatabase postgres) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>, IDisposable
{
    private const int Messages = 12_000;
    private const int Partitions = 4;
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);
    private static readonly DateTime End = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
    private readonly TempDirectory _directory = new();

    [Fact]
    public async Task Partitions_moving_between_two_workers_mid_window_keep_the_watermark_and_the_recomputed_windows()
    {
        var warehouse = postgres.ConnectionString;
        var probe = WarehouseProbe.Postgres(warehouse);
        var bootstrap = kafka.BootstrapServers;
        const string group = "window-rebalance";
        await FacetRun.MigrateAsync(warehouse);
        foreach (var topic in CommerceTopics.All)
        {
            kafka.Cluster.CreateTopic(topic, Partitions);
        }

        Task<long> Checkpointed() => probe.ScalarAsync($"SELECT coalesce(sum(next_offset), 0) FROM stream_checkpoints WHERE consumer_group = '{group}'");
        Task<long> BatchesOf(FacetProcess worker) => probe.ScalarAsync($"SELECT count(*) FROM pipeline_batches WHERE worker_id LIKE '%-{worker.Id.ToString(CultureInfo.InvariantCulture)}'");
        string[] Run() => ["run", "--streams", "commerce", "--kafka", bootstrap, "--group", group, "--warehouse", warehouse,
            "--trigger", "200ms", "--max-batch", "300", "--kafka-config", "session.timeout.ms=6000", "--kafka-config", "heartbeat.interval.ms=500"];

        await using var steady = FacetProcess.Start(Run());
        await steady.WaitForLineAsync(static l => l.Contains("Assigned partitions", StringComparison.Ordinal), Stall);

        // Paced (150 messages/s, about 80 s) so the stream is still flowing when the second worker joins and leaves.
        var truthPath = _directory.File("truth.json");
        await using var generator = FacetProcess.Start(
            ["generate", "--dataset", "commerce", "--kafka", bootstrap, "--count", Messages.ToString(CultureInfo.InvariantCulture), "--rate", "150", "--seed", "1920",
             "--start", "2026-11-20T00:00:00Z", "--sim-rate", "1", "--malformed", "0.01", "--late", "0.05", "--truth", truthPath]);
        await Progress.UntilAsync(Checkpointed, n => n >= Messages / 4, Stall, "a quarter of the stream", steady);

        await using (var joining = FacetProcess.Start(Run()))
        {
            await joining.WaitForLineAsync(static l => l.Contains("Assigned partitions", StringComparison.Ordinal), Stall);
            await Progress.UntilAsync(() => BatchesOf(joining), n => n >= 5, Stall, "batches of the joining worker", joining);
            Assert.True(await Checkpointed() < Messages, "the stream ended before the second worker took part");
            Assert.Equal(0, await FacetRun.StopAsync(joining));
        }

        Assert.Equal(0, await generator.WaitForExitAsync(TimeSpan.FromMinutes(5)));
        Assert.True(await BatchesOf(steady) > 0, "the first worker committed no batch");

        // The end of the stream: a view and an order far ahead on every partition, so every window turns final.
        await KafkaTestProducer.ProduceAsync(bootstrap, CommerceTopics.ProductViews,
            [.. Enumerable.Range(0, Partitions).Select(p => Json($$"""{"view_id":"end-{{p}}","customer_id":"1000","product_id":"10000","timestamp":"{{End:yyyy-MM-ddTHH:mm:ss}}Z","view_duration":30}"""))], Partitions);
        await KafkaTestProducer.ProduceAsync(bootstrap, CommerceTopics.Transactions,
            [.. Enumerable.Range(0, Partitions).Select(p => Json($$"""{"transaction_id":"end-{{p}}","customer_id":"1000","created_at":"{{End:yyyy-MM-ddTHH:mm:ss}}Z","currency":"IDR","line_items":[{"product_id":"10000","quantity":1,"item_price":1000}],"total_amount":1000}"""))], Partitions);
        await Progress.UntilAsync(Checkpointed, n => n == Messages + (2 * Partitions), Stall, "every message", steady);
        Assert.Equal(0, await FacetRun.StopAsync(steady));
        Assert.Contains("revoked", steady.StandardError, StringComparison.Ordinal);

        var truth = CommerceTruthFile.Read(truthPath);
        var recount = WindowedTopicRecount.Read(bootstrap, truth.Count("product_views", "messages") + truth.Count("transactions", "messages") + (2 * Partitions), TimeSpan.FromSeconds(60));

        // The stored watermark inputs per partition are the broker's newest event time there, for every definition.
        foreach (var name in WindowReplay.Checked)
        {
            var (topic, records) = name == "product_views_analysis" ? (CommerceTopics.ProductViews, recount.Views) : (CommerceTopics.Transactions, recount.Orders);
            var expected = records.Values.GroupBy(static r => r.Partition).OrderBy(static g => g.Key)
                .Select(g => $"{name}|{topic}|{g.Key}|{Micros(g.Max(static r => r.Time))}").ToList();
            var stored = (await probe.QueryAsync(
                    $"SELECT definition, source, source_partition, CAST(extract(epoch FROM max_event_time) * 1000000 AS bigint) FROM window_watermark WHERE definition = '{name}' AND source_partition >= 0 ORDER BY source_partition"))
                .Select(static r => string.Join('|', r.Select(static v => Convert.ToString(v, CultureInfo.InvariantCulture)))).ToList();
            Assert.Equal(expected, stored);
        }

        var oracles = await WindowReplay.ReplayAsync(probe, recount);
        await WindowReplay.AssertWarehouseEqualsAsync(warehouse, oracles, " after the rebalances");
        Assert.NotEmpty(oracles["product_views_analysis"].ExpectedLate());
        Assert.All(oracles["sales_analysis"].Expected().Where(static l => !l.StartsWith("2026-11-23", StringComparison.Ordinal)), static l => Assert.EndsWith("|final=True", l, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    private static byte[] Json(string text) => Encoding.UTF8.GetBytes(text);

    private static long Micros(DateTime t) => (t.Ticks - DateTime.UnixEpoch.Ticks) / 10;
}
