using System.Text;
using Facet.Core.Commerce;
using Facet.Streaming.Streams;
using Facet.Streaming.Tests.Processing;
using Facet.Testing;

namespace Facet.Streaming.Tests.Commerce;

/// <summary>
/// The clickstream and two commerce entity streams consumed by one <see cref="Facet.Streaming.Processing.StreamProcessor"/>
/// in one consumer group (one transaction per batch) from the embedded Kafka: every table equals a recount of what was
/// produced — re-sent messages stored once, malformed ones in bad_events, late customers completed.
/// </summary>
public sealed class CommerceStreamsEndToEndTests(EmbeddedKafka kafka, PostgresDatabase postgres) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task Clickstream_orders_and_customers_in_one_group_land_exactly_once_on_PostgreSQL() =>
        await RunAsync(postgres.ConnectionString, WarehouseProbe.Postgres(postgres.ConnectionString), "pg");

    [Fact]
    public async Task Clickstream_orders_and_customers_in_one_group_land_exactly_once_on_DuckDB()
    {
        using var directory = new TempDirectory();
        var path = directory.File("facet.duckdb");
        await RunAsync("duckdb:" + path, WarehouseProbe.DuckDb(path), "duck");
    }

    private async Task RunAsync(string warehouse, WarehouseProbe probe, string seed)
    {
        var clickTopic = kafka.CreateTopic(partitions: 2);
        var orderTopic = kafka.CreateTopic(partitions: 3);
        var customerTopic = kafka.CreateTopic(partitions: 2);
        var group = EmbeddedKafka.NewGroupId();
        var clicks = TestEvents.Script(1200, seed: "commerce-" + seed);

        // Orders for 40 customers; every 7th order is re-sent (the same bytes), every 50th message is malformed.
        var random = new Random(17);
        var orders = new List<Order>();
        for (var i = 0; i < 600; i++)
        {
            var lines = Enumerable.Range(0, 1 + (i % 3)).Select(l => ($"p{random.Next(30)}", 1 + random.Next(4), (decimal?)(1000 + random.Next(9000)))).ToArray();
            orders.Add(CommerceTestRecords.Order($"{seed}-o{i}", $"{seed}-c{i % 40}", CommerceTestRecords.Noon.AddMinutes(i), lines));
        }

        var orderLines = new List<byte[]>();
        for (var i = 0; i < orders.Count; i++)
        {
            var json = CommerceJsonWriter.ToUtf8(orders[i], CommerceJsonWriter.Write);
            orderLines.Add(json);
            if (i % 7 == 0)
            {
                orderLines.Add(json);
            }

            if (i % 50 == 0)
            {
                orderLines.Add(Encoding.UTF8.GetBytes($"{{\"transaction_id\": \"{seed}-bad{i}\", \"customer_id\": \"c\"}}"));
            }
        }

        // Customers: only the first 30 of the 40 ever arrive (the rest stay inferred); each in two versions, the newer
        // one produced first for half of them, so the warehouse must keep the newest whatever the arrival order.
        var customerLines = new List<byte[]>();
        var newestName = new Dictionary<string, string>();
        for (var c = 0; c < 30; c++)
        {
            var id = $"{seed}-c{c}";
            var older = CommerceTestRecords.Customer(id, CommerceTestRecords.Noon.AddDays(-2), name: $"old {c}");
            var newer = CommerceTestRecords.Customer(id, CommerceTestRecords.Noon.AddDays(-1), name: $"new {c}");
            newestName[id] = newer.Name!;
            foreach (var customer in c % 2 == 0 ? new[] { older, newer } : [newer, older])
            {
                customerLines.Add(CommerceJsonWriter.ToUtf8(customer, CommerceJsonWriter.Write));
            }
        }

        customerLines.Add("not json"u8.ToArray());

        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, clickTopic, clicks.Lines, partitions: 2);
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, orderTopic, orderLines, partitions: 3);
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, customerTopic, customerLines, partitions: 2);

        var streams = new StreamSet(
        [
            StreamProcessorHarness.CreateClickstream(clickTopic).Streams[0],
            new StreamDefinition<Order>(CommerceTopics.Transactions, [orderTopic], new OrderDecoder()),
            new StreamDefinition<Customer>(CommerceTopics.Customers, [customerTopic], new CustomerDecoder()),
        ]);
        Facet.Streaming.Processing.StreamRunSummary summary;
        await using (var harness = await StreamProcessorHarness.StartAsync(warehouse, kafka.BootstrapServers, clickTopic, group, Idle, maxBatch: 500, streams: streams))
        {
            summary = await harness.Run!.WaitAsync(TimeSpan.FromSeconds(120));
        }

        // The recount, from the records produced.
        var malformedOrders = Enumerable.Range(0, orders.Count).Count(i => i % 50 == 0);
        Assert.Equal(orders.Count + Enumerable.Range(0, orders.Count).Count(i => i % 7 == 0) + malformedOrders, orderLines.Count);
        Assert.Equal(clicks.Lines.Count + orderLines.Count + customerLines.Count, summary.Consumed);
        Assert.Equal(clicks.DistinctValidIds, await probe.ScalarAsync("SELECT count(*) FROM fact_events"));
        Assert.Equal(orders.Count, await probe.ScalarAsync("SELECT count(*) FROM fact_order"));
        Assert.Equal(orders.Sum(o => o.Lines.Count), await probe.ScalarAsync("SELECT count(*) FROM fact_order_line"));
        Assert.Equal(orders.Sum(o => o.Lines.Sum(l => l.Quantity)), await probe.ScalarAsync("SELECT CAST(sum(quantity) AS BIGINT) FROM fact_order_line"));
        Assert.Equal((long)orders.Sum(o => o.LinesSubtotal!.Value), await probe.ScalarAsync("SELECT CAST(sum(line_amount) AS BIGINT) FROM fact_order_line"));
        Assert.Equal(clicks.Malformed, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{clickTopic}'"));
        Assert.Equal(malformedOrders, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{orderTopic}'"));
        Assert.Equal(1, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{customerTopic}'"));

        // 40 customers: 30 complete with their newest version, 10 inferred from their orders alone.
        Assert.Equal(40, await probe.ScalarAsync("SELECT count(*) FROM dim_commerce_customer"));
        Assert.Equal(10, await probe.ScalarAsync("SELECT count(*) FROM dim_commerce_customer WHERE is_inferred"));
        foreach (var (id, name) in newestName)
        {
            Assert.Equal(1, await probe.ScalarAsync($"SELECT count(*) FROM dim_commerce_customer WHERE customer_id = '{id}' AND name = '{name}' AND NOT is_inferred"));
        }

        Assert.Equal(clicks.Lines.Count, await probe.CheckpointSumAsync(group, clickTopic));
        Assert.Equal(orderLines.Count, await probe.CheckpointSumAsync(group, orderTopic));
        Assert.Equal(customerLines.Count, await probe.CheckpointSumAsync(group, customerTopic));
    }
}
