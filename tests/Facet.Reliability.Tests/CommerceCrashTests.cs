using System.Globalization;
using Facet.Core.Commerce;
using Facet.Reliability.Tests.Fixtures;
using Facet.Testing;

namespace Facet.Reliability.Tests;

/// <summary>
/// Issue 18's crash guarantee for the commerce streams: <c>facet run --streams commerce</c> killed with SIGKILL at
/// random moments mid-load, restarted each time, then left to finish, holds every entity and the order totals exactly
/// as the generator's truth file and an independent recount of the messages on the broker say — nothing lost, nothing
/// doubled — <c>bad_events</c> holds exactly the rejects the truth file predicts, and every commerce report
/// (<c>facet report NAME --format json</c>, all fifteen) equals <see cref="ShopOracle"/>'s recount of the messages. On each backend
/// (<see cref="PostgresCommerceCrashTests"/>, <see cref="DuckDbCommerceCrashTests"/>); the warehouse is read only
/// between runs (a DuckDB file is closed to others while facet writes it), progress during a run comes from its
/// Prometheus endpoint.
/// </summary>
public abstract class CommerceCrashTests(EmbeddedKafka kafka) : IClassFixture<EmbeddedKafka>, IDisposable
{
    private const int Messages = 30_000;
    private const int Partitions = 4;

    // A restarted member waits for the killed one's session (6 s) to expire before it gets partitions.
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(90);

    // The event-like topics' fact tables: each valid first send is one row.
    private static readonly (string Topic, string Table)[] EventFacts =
    [
        ("product_views", "fact_product_view"), ("user_interactions", "fact_user_interaction"), ("click_stream", "fact_click_event"), ("system_logs", "fact_system_log"),
    ];

    protected TempDirectory Directory { get; } = new();

    /// <summary>A new, empty warehouse: a probe of it (and its --warehouse argument).</summary>
    protected abstract WarehouseProbe CreateEmptyWarehouse();

    [Fact]
    public async Task Commerce_run_killed_with_SIGKILL_at_4_random_moments_loads_every_entity_and_order_total_exactly_once_and_every_report_equals_the_recount()
    {
        var truthPath = Directory.File("truth.json");
        var probe = CreateEmptyWarehouse();
        var warehouse = probe.WarehouseArgument;
        var bootstrap = kafka.BootstrapServers;
        const string group = "commerce-crash";
        await FacetRun.MigrateAsync(warehouse);
        foreach (var topic in CommerceTopics.All)
        {
            kafka.Cluster.CreateTopic(topic, Partitions);
        }

        var (generated, _, generateError) = await FacetProcess.RunAsync(
            ["generate", "--dataset", "commerce", "--kafka", bootstrap, "--count", Messages.ToString(CultureInfo.InvariantCulture), "--seed", "18",
             "--start", "2026-11-20T00:00:00Z", "--malformed", "0.01", "--duplicates", "0.01", "--late", "0.02", "--truth", truthPath],
            TimeSpan.FromMinutes(5));
        Assert.True(generated == 0, generateError);
        var truth = CommerceTruthFile.Read(truthPath);
        Assert.Equal(Messages, truth.Messages);

        Task<long> Checkpointed() => probe.ScalarAsync($"SELECT CAST(coalesce(sum(next_offset), 0) AS BIGINT) FROM stream_checkpoints WHERE consumer_group = '{group}'");
        string[] Run(params string[] extra) => ["run", "--streams", "commerce", "--kafka", bootstrap, "--group", group, "--warehouse", warehouse,
            "--trigger", "200ms", "--max-batch", "500", "--kafka-config", "session.timeout.ms=6000", "--kafka-config", "heartbeat.interval.ms=500", .. extra];

        var kills = await RandomKills.RunAsync(Messages, kills: 4, seed: 20261218, Run(), Checkpointed, Stall);
        await using (var last = FacetProcess.Start(Run("--stop-when-idle", "5s")))
        {
            var code = await last.WaitForExitAsync(TimeSpan.FromMinutes(5));
            Assert.True(code == 0, $"the last run exited {code}:\n{last.StandardError}");
        }

        Assert.Equal(Messages, await Checkpointed());
        var recount = CommerceTopicRecount.Read(bootstrap, Messages, TimeSpan.FromSeconds(60));
        var because = $" (kills after {string.Join(", ", kills)} checkpointed messages)";

        // The recount agrees with the truth file: its validity rules catch exactly the generator's faults.
        foreach (var topic in truth.Topics)
        {
            Assert.Equal((topic, truth.Count(topic, "messages"), truth.Count(topic, "accepted"), truth.Count(topic, "rejected")),
                (topic, recount.Topics[topic].Messages, recount.Topics[topic].Accepted, recount.Topics[topic].Rejected));
        }

        var orders = recount.Orders.Values;
        Assert.Equal(
            (truth.Count("transactions", "valid"), truth.Count("transactions", "lines"), truth.Count("transactions", "units"), truth.OrderTotal("transactions")),
            ((long)orders.Count, orders.Sum(o => (long)o.Lines), orders.Sum(o => o.Units), orders.Sum(o => o.Total)));

        // The warehouse equals both.
        Assert.Equal(("customers", (long)recount.Ids["customers"].Count), ("customers", await probe.ScalarAsync("SELECT count(*) FROM dim_commerce_customer WHERE NOT is_inferred")));
        Assert.Equal(("products", (long)recount.Ids["products"].Count), ("products", await probe.ScalarAsync("SELECT count(*) FROM dim_commerce_product WHERE NOT is_inferred")));
        Assert.True(orders.Count == await probe.ScalarAsync("SELECT count(*) FROM fact_order"), "orders" + because);
        Assert.Equal(orders.Sum(o => (long)o.Lines), await probe.ScalarAsync("SELECT count(*) FROM fact_order_line"));
        Assert.Equal(orders.Sum(o => o.Units), await probe.ScalarAsync("SELECT CAST(sum(quantity) AS BIGINT) FROM fact_order_line"));
        // Totals per currency, never summed across currencies (in ten-thousandths: the warehouse keeps numeric(19, 4)).
        var totals = orders.GroupBy(o => o.Currency).ToDictionary(g => g.Key, g => g.Sum(o => o.Total), StringComparer.Ordinal);
        Assert.Equal(totals.Count, await probe.ScalarAsync("SELECT count(DISTINCT coalesce(currency, '')) FROM fact_order"));
        foreach (var (currency, total) in totals)
        {
            Assert.Equal((currency, (long)(total * 10_000)), (currency, await probe.ScalarAsync($"SELECT CAST(sum(total_amount) * 10000 AS BIGINT) FROM fact_order WHERE coalesce(currency, '') = '{currency}'")));
        }

        foreach (var (topic, table) in EventFacts)
        {
            Assert.Equal((table, truth.Count(topic, "valid"), (long)recount.Ids[topic].Count), (table, await probe.ScalarAsync($"SELECT count(*) FROM {table}"), await probe.ScalarAsync($"SELECT count(*) FROM {table}")));
        }

        // bad_events: exactly the predicted rejects, per topic and reason.
        Assert.Equal(truth.Topics.Sum(t => truth.Count(t, "rejected")), await probe.BadEventsAsync());
        foreach (var topic in truth.Topics)
        {
            foreach (var (code, expected) in truth.Rejections(topic))
            {
                Assert.Equal((topic, code, expected), (topic, code, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{topic}' AND reason_code = '{code}'")));
            }
        }

        // Every commerce report over the whole load, in a zone with a day boundary inside it.
        var (firstDay, lastDay) = recount.Records.LocalDays("Asia/Jakarta");
        await CommerceReportCheck.AssertEveryReportEqualsRecountAsync(warehouse, recount.Records, "Asia/Jakarta", firstDay, lastDay.AddDays(1), because);
    }

    public void Dispose()
    {
        Directory.Dispose();
        GC.SuppressFinalize(this);
    }
}
