using System.Globalization;
using Facet.Core.Commerce;
using Facet.Storage.Streams;
using Facet.Testing;
using static Facet.Testing.CommerceTestRecords;

namespace Facet.Storage.Tests.Commerce;

/// <summary>
/// The commerce entity streams' writers through <see cref="IWarehouse.WriteBatchAsync"/>, on every backend (PostgreSQL
/// and DuckDB subclasses); each test gets a fresh, migrated warehouse. Expected counts are recounted from the records.
/// </summary>
public abstract class CommerceWarehouseTests : IAsyncLifetime
{
    private readonly List<IWarehouse> _opened = [];

    protected abstract WarehouseLocation Location { get; }

    /// <summary>Runs a query on the warehouse database and returns rows with every value as invariant text.</summary>
    protected abstract Task<List<string[]>> QueryAsync(IWarehouse warehouse, string sql);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var w in _opened)
        {
            await w.DisposeAsync();
        }
    }

    protected async Task<IWarehouse> OpenAsync()
    {
        var warehouse = await WarehouseFactory.OpenAsync(Location, new WarehouseOptions(), null, CancellationToken.None);
        _opened.Add(warehouse);
        await warehouse.MigrateAsync(CancellationToken.None);
        return warehouse;
    }

    protected static string Text(object? value) => value switch
    {
        null or DBNull => "null",
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        IConvertible c when value is not string => Convert.ToDecimal(c, CultureInfo.InvariantCulture).ToString("0.##", CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "null",
    };

    private async Task<long> CountAsync(IWarehouse w, string table) => long.Parse((await QueryAsync(w, $"SELECT count(*) FROM {table}"))[0][0], CultureInfo.InvariantCulture);

    private static StreamRows Rows<T>(IWarehouse w, string stream, params T[] records)
        where T : class => w.Writer<T>(stream).Prepare(records);

    private static Task<BatchWriteResult> WriteAsync(IWarehouse w, params StreamRows[] streams) =>
        w.WriteBatchAsync(new WarehouseBatch(streams, [], []), CancellationToken.None);

    private static StreamWriteResult Of(BatchWriteResult result, string stream) => result.Streams.Single(s => s.Stream == stream);

    private static readonly string[] Tables =
    [
        "dim_commerce_customer", "dim_commerce_product", "dim_commerce_product_version", "fact_order", "fact_order_line",
        "fact_product_view", "fact_user_interaction", "fact_click_event", "fact_system_log",
    ];

    private async Task<string> SnapshotAsync(IWarehouse w)
    {
        var parts = new List<string>();
        foreach (var table in Tables)
        {
            parts.Add($"{table}={await CountAsync(w, table)}");
        }

        return string.Join(",", parts);
    }

    [Fact]
    public async Task Every_commerce_stream_counts_duplicates_within_and_across_batches_exactly()
    {
        var w = await OpenAsync();
        var t1 = Noon.AddHours(1);
        // Batch 1: each stream repeats one record inside the batch. Batch 2: repeats of batch 1 and new records.
        var orders1 = new[] { Order("o1", "c1", Noon, ("p1", 1, 10m), ("p2", 2, 5m)), Order("o2", "c2", Noon, ("p1", 1, 10m)), Order("o1", "c1", Noon, ("p9", 9, 1m)) };
        var orders2 = new[] { Order("o2", "c2", Noon, ("p1", 1, 10m)), Order("o3", "c3", t1, ("p3", 3, 2m), ("p1", 1, 10m), ("p2", 1, 5m)) };
        var batches = new[]
        {
            new BatchRecords(
                [Customer("c1"), Customer("c2"), Customer("c1")], [Product("p1", 10m, Noon), Product("p2", 5m, Noon), Product("p1", 10m, Noon)], orders1,
                [View("v1"), View("v2"), View("v1")], [Interaction("i1"), Interaction("i1")], [Click("e1"), Click("e2"), Click("e2")], [Log("l1"), Log("l1"), Log("l2")]),
            new BatchRecords(
                [Customer("c2"), Customer("c3")], [Product("p2", 5m, Noon), Product("p2", 6m, t1)], orders2,
                [View("v2"), View("v3")], [Interaction("i1"), Interaction("i2")], [Click("e3")], [Log("l2"), Log("l3")]),
        };

        // The recount: a record is new when its key was not seen in this or an earlier batch.
        var seen = new Dictionary<string, HashSet<string>>();
        foreach (var batch in batches)
        {
            var result = await WriteAsync(w,
                Rows(w, CommerceTopics.Customers, batch.Customers), Rows(w, CommerceTopics.Products, batch.Products), Rows(w, CommerceTopics.Transactions, batch.Orders),
                Rows(w, CommerceTopics.ProductViews, batch.Views), Rows(w, CommerceTopics.UserInteractions, batch.Interactions),
                Rows(w, CommerceTopics.ClickStream, batch.Clicks), Rows(w, CommerceTopics.SystemLogs, batch.Logs));

            foreach (var (stream, keys) in batch.Keys())
            {
                var known = seen.TryGetValue(stream, out var set) ? set : seen[stream] = new HashSet<string>(StringComparer.Ordinal);
                var fresh = keys.Count(known.Add);
                Assert.Equal(new StreamWriteResult(stream, fresh, keys.Length - fresh), Of(result, stream));
            }
        }

        Assert.Equal(seen[CommerceTopics.Transactions].Count, await CountAsync(w, "fact_order"));
        // Lines: those of the first record of each order id (a later one with the same id is a duplicate, lines and all).
        var firstOrders = batches.SelectMany(b => b.Orders).DistinctBy(o => o.OrderId).ToList();
        Assert.Equal(firstOrders.Sum(o => o.Lines.Count), await CountAsync(w, "fact_order_line"));
        Assert.Equal([["3", "4", "30"]], await QueryAsync(w, "SELECT count(*), sum(quantity), sum(line_amount) FROM fact_order_line WHERE order_id = 'o1' OR order_id = 'o2'"));
        Assert.Equal(seen[CommerceTopics.ProductViews].Count, await CountAsync(w, "fact_product_view"));
        Assert.Equal(seen[CommerceTopics.UserInteractions].Count, await CountAsync(w, "fact_user_interaction"));
        Assert.Equal(seen[CommerceTopics.ClickStream].Count, await CountAsync(w, "fact_click_event"));
        Assert.Equal(seen[CommerceTopics.SystemLogs].Count, await CountAsync(w, "fact_system_log"));
        Assert.Equal(seen[CommerceTopics.Products].Count, await CountAsync(w, "dim_commerce_product_version"));
        Assert.Equal(3, await CountAsync(w, "dim_commerce_customer"));
        // p9 was only on the repeated o1, dropped before anything was written: no member for it.
        Assert.Equal([["p1", "false"], ["p2", "false"], ["p3", "true"]], await QueryAsync(w, "SELECT product_id, is_inferred FROM dim_commerce_product ORDER BY product_id"));

        // The same batch once more changes nothing and is all duplicates.
        var before = await SnapshotAsync(w);
        var again = await WriteAsync(w, Rows(w, CommerceTopics.Transactions, orders2), Rows(w, CommerceTopics.Customers, batches[1].Customers), Rows(w, CommerceTopics.Products, batches[1].Products));
        Assert.Equal(0, again.Inserted);
        Assert.Equal(orders2.Length + batches[1].Customers.Length + batches[1].Products.Length, again.Duplicates);
        Assert.Equal(before, await SnapshotAsync(w));
    }

    [Fact]
    public async Task An_order_for_a_customer_not_seen_yet_creates_an_inferred_customer_that_the_customer_record_later_completes()
    {
        var w = await OpenAsync();
        var order = await WriteAsync(w, Rows(w, CommerceTopics.Transactions, Order("o1", "late", Noon, ("p-late", 2, 3m))), Rows(w, CommerceTopics.ProductViews, View("v1", "late", "p-late")));
        Assert.Equal(2, order.Inserted);
        Assert.Equal([["late", "true", "null", "-1"]], await QueryAsync(w, "SELECT customer_id, is_inferred, name, version FROM dim_commerce_customer"));
        Assert.Equal([["p-late", "true"]], await QueryAsync(w, "SELECT product_id, is_inferred FROM dim_commerce_product"));

        var customer = Customer("late", Noon.AddHours(-5), name: "Ayu Lestari");
        var completed = await WriteAsync(w, Rows(w, CommerceTopics.Customers, customer), Rows(w, CommerceTopics.Products, Product("p-late", 3m, Noon.AddDays(-1), name: "Tas Ransel")));
        Assert.Equal(new StreamWriteResult(CommerceTopics.Customers, 1, 0), Of(completed, CommerceTopics.Customers));
        Assert.Equal([["late", "false", "Ayu Lestari", "female", "2024-05-01 07:00:00"]],
            await QueryAsync(w, "SELECT customer_id, is_inferred, name, gender, last_login_at FROM dim_commerce_customer"));
        Assert.Equal([["p-late", "false", "Tas Ransel", "Apparel"]], await QueryAsync(w, "SELECT product_id, is_inferred, name, category FROM dim_commerce_product"));

        // The fact is kept and joins its (now complete) member.
        Assert.Equal([["o1", "Ayu Lestari", "6"]],
            await QueryAsync(w, "SELECT o.order_id, c.name, l.line_amount FROM fact_order o JOIN dim_commerce_customer c ON c.customer_id = o.customer_id JOIN fact_order_line l ON l.order_id = o.order_id"));
    }

    [Fact]
    public async Task A_customer_record_newer_than_the_stored_one_moves_last_login_and_an_older_one_changes_nothing()
    {
        var w = await OpenAsync();
        await WriteAsync(w, Rows(w, CommerceTopics.Customers, Customer("c1", Noon)));
        var newer = await WriteAsync(w, Rows(w, CommerceTopics.Customers, Customer("c1", Noon.AddHours(2), name: "renamed"), Customer("c1", Noon.AddHours(1))));
        Assert.Equal(new StreamWriteResult(CommerceTopics.Customers, 1, 1), Of(newer, CommerceTopics.Customers));
        var older = await WriteAsync(w, Rows(w, CommerceTopics.Customers, Customer("c1", Noon.AddHours(-1), name: "stale")));
        Assert.Equal(new StreamWriteResult(CommerceTopics.Customers, 0, 1), Of(older, CommerceTopics.Customers));
        Assert.Equal([["renamed", "2024-05-01 14:00:00", "false"]], await QueryAsync(w, "SELECT name, last_login_at, is_inferred FROM dim_commerce_customer"));
    }

    [Fact]
    public async Task A_product_price_change_adds_a_version_and_each_order_line_joins_the_price_valid_at_its_time()
    {
        var w = await OpenAsync();
        var t0 = Noon;
        var t1 = Noon.AddDays(1);
        var t2 = Noon.AddDays(2);
        await WriteAsync(w, Rows(w, CommerceTopics.Products, Product("p1", 10m, t0)));
        await WriteAsync(w, Rows(w, CommerceTopics.Products, Product("p1", 12m, t2, name: "newest name")));
        // A version that arrives late slots in between its neighbours; its older name does not replace the newer one.
        var late = await WriteAsync(w, Rows(w, CommerceTopics.Products, Product("p1", 11m, t1, name: "older name")));
        Assert.Equal(new StreamWriteResult(CommerceTopics.Products, 1, 0), Of(late, CommerceTopics.Products));

        // Shape A orders carry no item price: the price comes from the version valid when the order was made.
        await WriteAsync(w, Rows(w, CommerceTopics.Transactions,
            Order("before-change", "c1", t0.AddHours(1), ("p1", 1, null)),
            Order("middle", "c1", t1.AddHours(1), ("p1", 2, null)),
            Order("after-change", "c1", t2.AddHours(1), ("p1", 1, null))));

        Assert.Equal(
            [["2024-05-01 12:00:00", "2024-05-02 12:00:00", "10"], ["2024-05-02 12:00:00", "2024-05-03 12:00:00", "11"], ["2024-05-03 12:00:00", "9999-12-31 00:00:00", "12"]],
            await QueryAsync(w, "SELECT valid_from, valid_to, price FROM dim_commerce_product_version WHERE product_id = 'p1' ORDER BY valid_from"));
        Assert.Equal(
            [["after-change", "12", "12"], ["before-change", "10", "10"], ["middle", "11", "22"]],
            await QueryAsync(w,
                "SELECT l.order_id, v.price, v.price * l.quantity FROM fact_order_line l JOIN dim_commerce_product_version v " +
                "ON v.product_id = l.product_id AND l.created_at >= v.valid_from AND l.created_at < v.valid_to ORDER BY l.order_id"));
        Assert.Equal([["newest name", "false"]], await QueryAsync(w, "SELECT name, is_inferred FROM dim_commerce_product"));
    }

    [Fact]
    public async Task A_checkpoint_conflict_writes_no_commerce_rows()
    {
        var w = await OpenAsync();
        await w.WriteBatchAsync(new WarehouseBatch([Rows(w, CommerceTopics.SystemLogs, Log("l0"))], [], [new("g", CommerceTopics.SystemLogs, 0, -1, 1)]), CancellationToken.None);
        var before = await SnapshotAsync(w);

        var stale = new CheckpointAdvance("g", CommerceTopics.SystemLogs, 0, 7, 9);
        var batch = new WarehouseBatch(
            [Rows(w, CommerceTopics.Customers, Customer("c1")), Rows(w, CommerceTopics.Products, Product("p1", 1m, Noon)), Rows(w, CommerceTopics.Transactions, Order("o1", "c9", Noon, ("p7", 1, 1m))),
             Rows(w, CommerceTopics.ProductViews, View("v1")), Rows(w, CommerceTopics.UserInteractions, Interaction("i1")), Rows(w, CommerceTopics.ClickStream, Click("e1")),
             Rows(w, CommerceTopics.SystemLogs, Log("l1"))],
            [],
            [new("g", CommerceTopics.Transactions, 0, -1, 1), stale]);
        var ex = await Assert.ThrowsAsync<CheckpointConflictException>(() => w.WriteBatchAsync(batch, CancellationToken.None));

        Assert.Equal(stale, ex.Advance);
        Assert.Equal(before, await SnapshotAsync(w));
        Assert.Empty(await w.ReadCheckpointsAsync("g", CommerceTopics.Transactions, CancellationToken.None));
        Assert.Equal(1, (await w.ReadCheckpointsAsync("g", CommerceTopics.SystemLogs, CancellationToken.None))[0]);
    }

    private sealed record BatchRecords(
        Customer[] Customers, Product[] Products, Order[] Orders, ProductView[] Views, UserInteraction[] Interactions, ClickEvent[] Clicks, SystemLogEntry[] Logs)
    {
        /// <summary>Each stream's entity keys in record order (products: id and version time).</summary>
        public IEnumerable<(string Stream, string[] Keys)> Keys() =>
        [
            (CommerceTopics.Customers, [.. Customers.Select(c => c.CustomerId + "@" + c.UpdatedAt)]),
            (CommerceTopics.Products, [.. Products.Select(p => p.ProductId + "@" + p.UpdatedAt)]),
            (CommerceTopics.Transactions, [.. Orders.Select(o => o.OrderId)]),
            (CommerceTopics.ProductViews, [.. Views.Select(v => v.ViewId)]),
            (CommerceTopics.UserInteractions, [.. Interactions.Select(i => i.InteractionId)]),
            (CommerceTopics.ClickStream, [.. Clicks.Select(c => c.EventId)]),
            (CommerceTopics.SystemLogs, [.. Logs.Select(l => l.LogId)]),
        ];
    }
}
