using System.Globalization;
using System.Text.Json;
using Facet.Core.Commerce;
using Facet.Core.Events;
using Facet.Storage.Internal;
using Facet.Storage.Reports;
using Facet.Storage.Windows;
using Facet.Testing;
using static Facet.Testing.CommerceTestRecords;

namespace Facet.Storage.Tests.Windows;

/// <summary>
/// Event-time windows through <see cref="IWarehouse.WriteBatchAsync"/> on every backend (issue 19): a deterministic
/// generator makes out-of-order, late and duplicate product views and orders over two partitions; the windows the
/// warehouse publishes (update and final modes, tumbling and hopping, late counted or applied) must equal
/// <see cref="WindowOracle"/>'s brute-force recomputation, also when batches fail after the window step and are
/// written again, and across a restart (a second warehouse instance continuing from the stored state).
/// </summary>
public abstract class WindowWarehouseTests : IAsyncLifetime
{
    private static readonly DateTime Start = new(2024, 5, 1, 8, 0, 0, DateTimeKind.Utc);

    private static readonly IReadOnlyList<WindowDefinition> Custom = WindowDefinitions.Parse("""
        [
          { "name": "views_late_update", "source": "product_views", "time": "timestamp", "size": "30m",
            "aggregates": [ { "name": "views", "function": "count" }, { "name": "viewers", "function": "distinct", "field": "customer_id" },
                            { "name": "latest", "function": "max", "field": "timestamp" }, { "name": "shortest", "function": "min", "field": "view_duration" } ],
            "watermark_delay": "0s", "allowed_lateness": "15m", "mode": "update", "late": "update" },
          { "name": "sales_hopping", "source": "transaction_lines", "time": "date_time", "window": "hopping", "size": "1h", "slide": "20m",
            "keys": ["product_id"],
            "aggregates": [ { "name": "lines", "function": "count" }, { "name": "quantity", "function": "sum", "field": "quantity" },
                            { "name": "buyers", "function": "distinct", "field": "customer_id" }, { "name": "price", "function": "avg", "field": "item_price" } ],
            "watermark_delay": "5m", "allowed_lateness": "10m", "mode": "final", "late": "count" },
          { "name": "views_extremes", "source": "product_views", "time": "timestamp", "size": "20m", "keys": ["product_id"],
            "aggregates": [ { "name": "longest", "function": "max", "field": "view_duration" }, { "name": "first_seen", "function": "min", "field": "timestamp" },
                            { "name": "last_seen", "function": "max", "field": "timestamp" }, { "name": "viewers", "function": "distinct", "field": "customer_id" },
                            { "name": "watched", "function": "sum", "field": "view_duration" } ],
            "watermark_delay": "2m", "allowed_lateness": "5m", "mode": "update", "late": "count" }
        ]
        """);

    private readonly List<IWarehouse> _opened = [];

    protected abstract WarehouseLocation Location { get; }

    protected abstract ReportService OpenReports();

    /// <summary>
    /// Per definition: folded distinct counts (V013: in window_aggregate rows, or in the arrays of a window stored whole
    /// in window_state, V015), members stored in window_member, and window_aggregate rows.
    /// </summary>
    protected abstract Task<Dictionary<string, (long Folded, long Members, long AggregateRows)>> MemberStorageAsync();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        foreach (var w in _opened)
        {
            await w.DisposeAsync();
        }
    }

    private async Task<IWarehouse> OpenAsync(Action<WriteStep>? beforeStep = null)
    {
        var options = new WarehouseOptions { Windows = WindowDefinitions.Combine(WindowDefinitions.BuiltIn, Custom) };
        options.BeforeStep = beforeStep;
        var warehouse = await WarehouseFactory.OpenAsync(Location, options, null, CancellationToken.None);
        _opened.Add(warehouse);
        await warehouse.MigrateAsync(CancellationToken.None);
        return warehouse;
    }

    [Fact]
    public async Task Windows_equal_a_brute_force_recomputation_through_failed_batches_and_a_restart()
    {
        var generated = Generate(seed: 19, batches: 40);
        var definitions = WindowDefinitions.Combine(WindowDefinitions.BuiltIn, Custom).ToDictionary(static d => d.Name);
        var oracles = new Dictionary<string, WindowOracle>
        {
            ["product_views_analysis"] = new(definitions["product_views_analysis"], static r => new Dictionary<string, object?>
            {
                ["total_views"] = null,
                ["average_view_duration"] = r.Fields["view_duration"],
            }),
            ["views_late_update"] = new(definitions["views_late_update"], static r => new Dictionary<string, object?>
            {
                ["views"] = null,
                ["viewers"] = r.Fields["customer_id"],
                ["latest"] = r.Fields["timestamp"],
                ["shortest"] = r.Fields["view_duration"],
            }),
            // Short windows whose late events are counted: many are created and made final by one batch (stored whole:
            // min, max and sum arrays with nulls, times, a folded distinct count), and many are made final by a later
            // batch that adds to them (staged whole, merged as rows into the stored window).
            ["views_extremes"] = new(definitions["views_extremes"], static r => new Dictionary<string, object?>
            {
                ["longest"] = r.Fields["view_duration"],
                ["first_seen"] = r.Fields["timestamp"],
                ["last_seen"] = r.Fields["timestamp"],
                ["viewers"] = r.Fields["customer_id"],
                ["watched"] = r.Fields["view_duration"],
            }),
            ["sales_analysis"] = new(definitions["sales_analysis"], static r => new Dictionary<string, object?>
            {
                ["number_of_sales"] = null,
                ["total_quantity_sold"] = r.Fields["quantity"],
                ["unique_customers"] = r.Fields["customer_id"],
            }),
            ["sales_hopping"] = new(definitions["sales_hopping"], static r => new Dictionary<string, object?>
            {
                ["lines"] = null,
                ["quantity"] = r.Fields["quantity"],
                ["buyers"] = r.Fields["customer_id"],
                ["price"] = r.Fields["item_price"],
            }),
            ["revenue_5m"] = new(definitions["revenue_5m"], static r => new Dictionary<string, object?>
            {
                ["orders"] = null,
                ["revenue"] = r.Fields["total_amount"],
                ["average_order_value"] = r.Fields["total_amount"],
            }),
        };

        var fail = false;
        var w = await OpenAsync(step =>
        {
            if (fail && step == WriteStep.Checkpoints)
            {
                throw new InvalidOperationException("injected failure after the window step");
            }
        });
        for (var b = 0; b < generated.Count; b++)
        {
            if (b == generated.Count / 2)
            {
                // A restart: another instance (as another process would) continues from the stored watermarks and windows.
                await w.DisposeAsync();
                _opened.Remove(w);
                w = await OpenAsync();
            }

            var (views, orders) = generated[b];
            var batch = new WarehouseBatch(
            [
                w.Writer<ProductView>(CommerceTopics.ProductViews).Prepare([.. views.Select(static v => v.Record)], [.. views.Select(static v => v.Position)]),
                w.Writer<Order>(CommerceTopics.Transactions).Prepare([.. orders.Select(static o => o.Record)], [.. orders.Select(static o => o.Position)]),
            ], [], []);
            if (b % 7 == 3 && b < generated.Count / 2)
            {
                fail = true;
                await Assert.ThrowsAsync<InvalidOperationException>(() => w.WriteBatchAsync(batch, CancellationToken.None));
                fail = false;
            }

            await w.WriteBatchAsync(batch, CancellationToken.None);
            foreach (var (name, oracle) in oracles)
            {
                oracle.Batch(name.StartsWith("sales", StringComparison.Ordinal) ? [.. orders.Select(static o => LinesOf(o))]
                    : name == "revenue_5m" ? [.. orders.Select(static o => OrderOf(o))]
                    : [.. views.Select(static v => ViewOf(v))]);
            }
        }

        await using var reports = OpenReports();
        var stored = (await reports.ListWindowsAsync()).ToDictionary(static s => s.Definition.Name);
        foreach (var (name, oracle) in oracles)
        {
            var view = await reports.ReadWindowsAsync(definitions[name], null, null);
            var actual = view.Rows.Select(r => WindowOracle.Line(r.WindowStart, JsonSerializer.Serialize(r.Key), r.Values, r.Revisions, r.LateRevisions, r.IsFinal)).ToList();
            var expected = oracle.Expected();
            Assert.True(expected.Count > 5, $"{name}: the generator should fill several windows (got {expected.Count})");
            Assert.Equal(expected, actual);
            Assert.Equal(oracle.Watermark, stored[name].Watermark);
            Assert.Equal(oracle.ExpectedLate(), view.Late.Select(static l => $"{l.WindowStart:yyyy-MM-ddTHH:mm}|{l.LateCount}|{l.AppliedCount}").ToList());
            foreach (var late in view.Late)
            {
                Assert.Equal((int)Math.Min(5, late.LateCount), late.Examples.Count);
                Assert.Subset(oracle.LateIds(late.WindowStart), new HashSet<string>(late.Examples));
            }
        }

        // The generator must exercise what the test claims: late events counted, late events applied, revisions.
        Assert.NotEmpty(oracles["product_views_analysis"].ExpectedLate());
        Assert.Contains(oracles["views_late_update"].ExpectedLate(), static l => !l.EndsWith("|0", StringComparison.Ordinal));
        Assert.Contains(oracles["views_late_update"].Expected(), static l => !l.Contains("|late=0|", StringComparison.Ordinal));
        // Both ways of storing views_extremes' windows: whole (a folded distinct count) and as window_aggregate rows.
        var (folded, _, aggregateRows) = (await MemberStorageAsync())["views_extremes"];
        Assert.True(folded > 0 && aggregateRows > 0, $"views_extremes: folded {folded}, aggregate rows {aggregateRows}");
    }

    /// <summary>
    /// Issue 20: <c>facet windows recompute</c> rebuilds windows from the stored facts as one on-time batch of them
    /// (<see cref="WindowOracle"/> fed every record in one batch, with the streamed watermark); late counts of the
    /// recomputed windows go (their events are applied now), the watermark stays, a second run and a run over a range
    /// change nothing, and sources that keep only each record's latest version are refused or skipped.
    /// </summary>
    [Fact]
    public async Task Recompute_writes_the_windows_of_one_on_time_batch_of_the_stored_facts_and_is_idempotent()
    {
        var generated = Generate(seed: 20, batches: 30);
        var definitions = WindowDefinitions.Combine(WindowDefinitions.BuiltIn, Custom).ToDictionary(static d => d.Name);
        var oracles = new Dictionary<string, WindowOracle>
        {
            ["product_views_analysis"] = new(definitions["product_views_analysis"], static r => new Dictionary<string, object?>
            {
                ["total_views"] = null,
                ["average_view_duration"] = r.Fields["view_duration"],
            }),
            ["views_late_update"] = new(definitions["views_late_update"], static r => new Dictionary<string, object?>
            {
                ["views"] = null,
                ["viewers"] = r.Fields["customer_id"],
                ["latest"] = r.Fields["timestamp"],
                ["shortest"] = r.Fields["view_duration"],
            }),
            ["sales_hopping"] = new(definitions["sales_hopping"], static r => new Dictionary<string, object?>
            {
                ["lines"] = null,
                ["quantity"] = r.Fields["quantity"],
                ["buyers"] = r.Fields["customer_id"],
                ["price"] = r.Fields["item_price"],
            }),
            ["revenue_5m"] = new(definitions["revenue_5m"], static r => new Dictionary<string, object?>
            {
                ["orders"] = null,
                ["revenue"] = r.Fields["total_amount"],
                ["average_order_value"] = r.Fields["total_amount"],
            }),
        };

        var w = await OpenAsync();
        foreach (var (views, orders) in generated)
        {
            await w.WriteBatchAsync(new WarehouseBatch(
            [
                w.Writer<ProductView>(CommerceTopics.ProductViews).Prepare([.. views.Select(static v => v.Record)], [.. views.Select(static v => v.Position)]),
                w.Writer<Order>(CommerceTopics.Transactions).Prepare([.. orders.Select(static o => o.Record)], [.. orders.Select(static o => o.Position)]),
            ], [], []), CancellationToken.None);
        }

        foreach (var (name, oracle) in oracles)
        {
            oracle.Batch(name.StartsWith("sales", StringComparison.Ordinal) ? [.. generated.SelectMany(static b => b.Orders).Select(static o => LinesOf(o))]
                : name == "revenue_5m" ? [.. generated.SelectMany(static b => b.Orders).Select(static o => OrderOf(o))]
                : [.. generated.SelectMany(static b => b.Views).Select(static v => ViewOf(v))]);
        }

        await using var reports = OpenReports();
        async Task<List<string>> ShowAsync(string name, DateTime? from = null, DateTime? to = null) =>
            [.. (await reports.ReadWindowsAsync(definitions[name], from, to)).Rows.Select(static r => WindowOracle.Line(r.WindowStart, JsonSerializer.Serialize(r.Key), r.Values, r.Revisions, r.LateRevisions, r.IsFinal))];

        var streamed = new Dictionary<string, List<string>>();
        foreach (var name in oracles.Keys)
        {
            streamed[name] = await ShowAsync(name);
        }

        // The stream had late events and revisions, so the recompute has something to change.
        Assert.NotEmpty((await reports.ReadWindowsAsync(definitions["product_views_analysis"], null, null)).Late);
        Assert.NotEqual(oracles["views_late_update"].Expected(), streamed["views_late_update"]);
        var watermarks = (await reports.ListWindowsAsync()).ToDictionary(static s => s.Definition.Name, static s => s.Watermark);

        for (var run = 0; run < 2; run++)
        {
            var outcome = await WindowRecompute.RunAsync(w, [.. definitions.Values], null, null, null, CancellationToken.None);
            // The click stream's sessions are not recomputable; conversion_hourly joins parts and is never listed.
            Assert.Equal(["customer_analysis", "product_analysis", "sessions_hourly"], outcome.Skipped.Select(static s => s.Name).ToList());
            Assert.Contains(outcome.Recomputed, static r => r.Name == "ordering_sessions_hourly");
            Assert.Contains("keeps only each customer's latest version", outcome.Skipped[0].Reason, StringComparison.Ordinal);
            foreach (var (name, oracle) in oracles)
            {
                Assert.Equal(oracle.Expected(), await ShowAsync(name));
                Assert.Empty((await reports.ReadWindowsAsync(definitions[name], null, null)).Late);
                Assert.Equal(watermarks[name], (await reports.ListWindowsAsync()).Single(s => s.Definition.Name == name).Watermark);
                Assert.False(outcome.Recomputed.Single(r => r.Name == name).WatermarkDerived);
            }
        }

        // A range: the windows starting in it are rebuilt alike, the others are untouched.
        var before = await ShowAsync("revenue_5m");
        var ranged = (await WindowRecompute.RunAsync(w, [.. definitions.Values], ["revenue_5m"], Start.AddHours(1), Start.AddHours(2), CancellationToken.None)).Recomputed.Single();
        var inRange = await ShowAsync("revenue_5m", Start.AddHours(1), Start.AddHours(2));
        Assert.Equal(inRange.Count, ranged.Windows);
        Assert.True(ranged.Windows > 0 && inRange.Count < before.Count, $"the range should hold some windows, not all ({ranged.Windows} of {before.Count})");
        Assert.Equal(before, await ShowAsync("revenue_5m"));
        var refused = await Assert.ThrowsAsync<WindowDefinitionException>(() => WindowRecompute.RunAsync(w, [.. definitions.Values], ["sales_hopping", "customer_analysis"], null, null, CancellationToken.None));
        Assert.StartsWith("window 'customer_analysis' cannot be recomputed", refused.Message, StringComparison.Ordinal);
        // A joined definition is recomputed as its parts: conversion_hourly's click-stream part cannot be.
        var joined = await Assert.ThrowsAsync<WindowDefinitionException>(() => WindowRecompute.RunAsync(w, [.. definitions.Values], ["conversion_hourly"], null, null, CancellationToken.None));
        Assert.StartsWith("window 'sessions_hourly' cannot be recomputed", joined.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<WindowDefinitionException>(() => WindowRecompute.RunAsync(w, [], ["nope"], null, null, CancellationToken.None));
        Assert.StartsWith("unknown window 'nope'", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(before, await ShowAsync("revenue_5m"));
    }

    /// <summary>
    /// Issue 20: facts loaded without the window step (--windows none), recomputed day by day: the watermark of a
    /// definition no stream feeds follows the newest stored fact (minus the delay), so yesterday's windows become final.
    /// </summary>
    [Fact]
    public async Task Recompute_after_loads_without_windows_moves_the_watermark_with_the_newest_fact()
    {
        var plain = await WarehouseFactory.OpenAsync(Location, new WarehouseOptions(), null, CancellationToken.None);
        _opened.Add(plain);
        await plain.MigrateAsync(CancellationToken.None);
        var definition = WindowDefinitions.BuiltIn.Single(static d => d.Name == "product_views_analysis"); // 1 h windows, 1 h delay, final mode
        async Task LoadDayAsync(int day)
        {
            ProductView[] views = [.. Enumerable.Range(0, 24).Select(h => View($"d{day}-{h}", "c" + h) with { ViewedAt = Start.AddDays(day).AddHours(h), ViewDurationSeconds = 10 + h })];
            await plain.WriteBatchAsync(new WarehouseBatch([plain.Writer<ProductView>(CommerceTopics.ProductViews).Prepare(views)], [], []), CancellationToken.None);
        }

        await using var reports = OpenReports();
        await LoadDayAsync(0);
        var first = (await WindowRecompute.RunAsync(plain, [definition], [definition.Name], null, null, CancellationToken.None)).Recomputed.Single();
        Assert.True(first.WatermarkDerived);
        Assert.Equal(Start.AddHours(22), first.Watermark); // the newest view (Start + 23 h) minus the 1 h delay
        Assert.Equal(22, (await reports.ReadWindowsAsync(definition, null, null)).Rows.Count); // final: windows ending by 22:00 after Start

        await LoadDayAsync(1);
        var second = (await WindowRecompute.RunAsync(plain, [definition], [definition.Name], Start.AddDays(1), Start.AddDays(2), CancellationToken.None)).Recomputed.Single();
        Assert.Equal(Start.AddDays(1).AddHours(22), second.Watermark);
        var view = await reports.ReadWindowsAsync(definition, null, null);
        Assert.Equal(46, view.Rows.Count);
        Assert.Equal(Start.AddDays(1).AddHours(22), view.Watermark);
        Assert.All(view.Rows, static r => Assert.Equal(1L, r.Values["total_views"]));
    }

    /// <summary>
    /// Issue 18: a window that one batch opens and makes final, in a definition whose late events are counted (never
    /// applied), is stored whole in its window_state row (V015) with its exact distinct count and without its members or
    /// window_aggregate rows; a window that stays open
    /// keeps its members and merges the next batch's without counting a repeated buyer twice; a late buyer of a folded
    /// window changes nothing. Every window equals <see cref="WindowOracle"/>.
    /// </summary>
    [Fact]
    public async Task A_window_one_batch_opens_and_closes_keeps_its_distinct_count_without_members_and_later_batches_neither_add_nor_double()
    {
        var w = await OpenAsync();
        var definition = WindowDefinitions.BuiltIn.Single(static d => d.Name == "sales_analysis"); // 1 h, delay 10 m, lateness 1 h, late=count
        var oracle = new WindowOracle(definition, static r => new Dictionary<string, object?>
        {
            ["number_of_sales"] = null,
            ["total_quantity_sold"] = r.Fields["quantity"],
            ["unique_customers"] = r.Fields["customer_id"],
        });
        long offset = 0;
        async Task WriteAsync(params Order[] orders)
        {
            var positions = orders.Select(_ => SourcePosition.Kafka(CommerceTopics.Transactions, 0, offset++)).ToList();
            await w.WriteBatchAsync(new WarehouseBatch([w.Writer<Order>(CommerceTopics.Transactions).Prepare(orders, positions)], [], []), CancellationToken.None);
            oracle.Batch([.. orders.Select((o, i) => LinesOf((o, positions[i])))]);
        }

        Order At(string id, string customer, int minutes) => Order(id, customer, Start.AddMinutes(minutes), ("p1", 1, 100m));

        // Windows 08:00-12:00 open; the watermark (12:00 - 10 m) makes 08:00 and 09:00 final: folded, c1 twice in 08:00.
        await WriteAsync(At("o1", "c1", 5), At("o2", "c1", 15), At("o3", "c2", 25), At("o4", "c1", 65), At("o5", "c3", 125), At("o6", "c3", 185), At("o7", "c4", 240));
        // 10:00 (members stored) gets c3 again and c5; a late c9 for the folded 08:00 is counted only; 14:10 closes 10:00-12:00.
        await WriteAsync(At("o8", "c3", 130), At("o9", "c5", 135), At("o10", "c9", 20), At("o11", "c6", 370));

        await using var reports = OpenReports();
        var view = await reports.ReadWindowsAsync(definition, null, null);
        var actual = view.Rows.Select(r => WindowOracle.Line(r.WindowStart, JsonSerializer.Serialize(r.Key), r.Values, r.Revisions, r.LateRevisions, r.IsFinal)).ToList();
        Assert.Equal(oracle.Expected(), actual);
        Assert.Equal(oracle.ExpectedLate(), view.Late.Select(static l => $"{l.WindowStart:yyyy-MM-ddTHH:mm}|{l.LateCount}|{l.AppliedCount}").ToList());
        var first = view.Rows.Single(r => r.WindowStart == Start);
        Assert.Equal(3L, first.Values["number_of_sales"]);
        Assert.Equal(2L, first.Values["unique_customers"]);
        Assert.Equal(2L, view.Rows.Single(r => r.WindowStart == Start.AddHours(2)).Values["unique_customers"]);

        // 08:00 and 09:00 stored whole in window_state (V015), their distinct counts folded; members kept for 10:00
        // {c3, c5}, 11:00 {c3}, 12:00 {c4} and the open 14:00 {c6}; 3 aggregate rows each for 10:00, 11:00, 12:00, 14:00.
        Assert.Equal((2L, 5L, 12L), (await MemberStorageAsync())["sales_analysis"]);
    }

    [Fact]
    public async Task An_event_at_the_lateness_boundary_is_late_and_one_just_inside_revises_the_window()
    {
        var w = await OpenAsync();
        var definition = Custom.Single(static d => d.Name == "views_late_update"); // 30 m windows, no delay, 15 m lateness, late=update
        ProductView At(string id, DateTime t) => View(id, "c-" + id) with { ViewedAt = t, ViewDurationSeconds = 30 };
        async Task WriteAsync(params ProductView[] views) => await w.WriteBatchAsync(new WarehouseBatch(
            [w.Writer<ProductView>(CommerceTopics.ProductViews).Prepare(views, [.. views.Select((_, i) => SourcePosition.Kafka("product_views", 0, i))])], [], []), CancellationToken.None);

        await WriteAsync(At("a", Start.AddMinutes(5)));                            // window 08:00-08:30 opens
        await WriteAsync(At("b", Start.AddMinutes(44)));                           // watermark 08:44: 08:00 closed, not final
        await WriteAsync(At("c", Start.AddMinutes(10)));                           // within lateness: a revision
        await WriteAsync(At("d", Start.AddMinutes(45)));                           // watermark 08:45 = end + lateness: final
        await WriteAsync(At("e", Start.AddMinutes(20)), At("a", Start.AddMinutes(6))); // beyond lateness: late, applied (late=update); "a" again: a duplicate

        await using var reports = OpenReports();
        var view = await reports.ReadWindowsAsync(definition, Start, Start.AddMinutes(30));
        var row = Assert.Single(view.Rows);
        Assert.Equal(3L, row.Values["views"]);
        Assert.Equal(3L, row.Values["viewers"]);
        Assert.True(row.IsFinal);
        Assert.Equal(3, row.Revisions);
        Assert.Equal(2, row.LateRevisions);
        var late = Assert.Single(view.Late);
        Assert.Equal((1L, 1L), (late.LateCount, late.AppliedCount));
        Assert.Equal(["e"], late.Examples);
        Assert.Equal(Start.AddMinutes(45), view.Watermark);
    }

    [Fact]
    public async Task Conversion_per_hour_joins_sessions_and_sessions_with_an_order_as_a_brute_force_recount_of_clicks_and_orders()
    {
        var w = await OpenAsync();
        var definitions = WindowDefinitions.BuiltIn.ToDictionary(static d => d.Name);
        var sessions = new WindowOracle(definitions["sessions_hourly"], static r => new Dictionary<string, object?> { ["sessions"] = r.Fields["session_id"], ["events"] = null });
        var ordering = new WindowOracle(definitions["ordering_sessions_hourly"], static r => new Dictionary<string, object?> { ["sessions_with_order"] = r.Fields["session_id"], ["orders"] = null });

        // Sessions of 1-6 clicks, a third ending in an order at their last click (one in eight orders without a
        // session id), over two partitions; some clicks and orders hours late (beyond the lateness), some sent again.
        var random = new Random(23);
        var sentClicks = new List<ClickEvent>();
        var sentOrders = new List<Order>();
        long offset = 0;
        for (var b = 0; b < 36; b++)
        {
            var now = Start.AddMinutes(10 * b);
            int Partition() => b < 2 ? 0 : random.Next(2);
            DateTime Late(DateTime t) => random.Next(15) == 0 ? t.AddMinutes(-random.Next(180, 300)) : t;
            var clicks = new List<(ClickEvent Record, SourcePosition Position)>();
            var orders = new List<(Order Record, SourcePosition Position)>();
            for (var s = random.Next(2, 7); s > 0; s--)
            {
                var session = $"s{b}-{s}";
                var t = now.AddMinutes(-random.Next(0, 40));
                for (var c = random.Next(1, 7); c > 0; c--)
                {
                    t = t.AddSeconds(random.Next(20, 400));
                    var click = Click($"e{b}-{s}-{c}", session) with { EventTime = Late(t) };
                    sentClicks.Add(click);
                    clicks.Add((click, SourcePosition.Kafka(CommerceTopics.ClickStream, Partition(), offset++)));
                }

                if (random.Next(3) == 0)
                {
                    var order = Order($"o{b}-{s}", "c1", Late(t), ("p1", 1, 10m)) with { SessionId = random.Next(8) == 0 ? null : session };
                    sentOrders.Add(order);
                    orders.Add((order, SourcePosition.Kafka(CommerceTopics.Transactions, Partition(), offset++)));
                }
            }

            if (random.Next(4) == 0)
            {
                clicks.Add((sentClicks[random.Next(sentClicks.Count)], SourcePosition.Kafka(CommerceTopics.ClickStream, Partition(), offset++)));
                orders.Add((sentOrders[random.Next(sentOrders.Count)], SourcePosition.Kafka(CommerceTopics.Transactions, Partition(), offset++)));
            }

            await w.WriteBatchAsync(new WarehouseBatch(
            [
                w.Writer<ClickEvent>(CommerceTopics.ClickStream).Prepare([.. clicks.Select(static c => c.Record)], [.. clicks.Select(static c => c.Position)]),
                w.Writer<Order>(CommerceTopics.Transactions).Prepare([.. orders.Select(static o => o.Record)], [.. orders.Select(static o => o.Position)]),
            ], [], []), CancellationToken.None);
            sessions.Batch([.. clicks.Select(static c => new OracleRecord(c.Record.EventId, c.Position.Partition, c.Record.EventTime.UtcDateTime,
                [new OracleRow(c.Record.EventId, [], new Dictionary<string, object?> { ["session_id"] = c.Record.SessionId })]))]);
            ordering.Batch([.. orders.Select(static o => new OracleRecord(o.Record.OrderId, o.Position.Partition, o.Record.CreatedAt.UtcDateTime,
                [new OracleRow(o.Record.OrderId, [], new Dictionary<string, object?> { ["session_id"] = o.Record.SessionId })]))]);
        }

        // The recount of the join: every hour either part publishes; a part without the hour counts 0 and is final
        // when its own watermark passed the hour's end plus its lateness.
        var bySessions = sessions.ExpectedRows().ToDictionary(static r => r.Start);
        var byOrdering = ordering.ExpectedRows().ToDictionary(static r => r.Start);
        var expected = new List<string>();
        foreach (var start in bySessions.Keys.Union(byOrdering.Keys).Order())
        {
            var (hasS, s) = (bySessions.TryGetValue(start, out var sr), sr);
            var (hasO, o) = (byOrdering.TryGetValue(start, out var or), or);
            var count = hasS ? (long)s.Values["sessions"]! : 0L;
            var withOrder = hasO ? (long)o.Values["sessions_with_order"]! : 0L;
            var values = new Dictionary<string, object?>
            {
                ["sessions"] = count,
                ["events"] = hasS ? s.Values["events"] : 0L,
                ["sessions_with_order"] = withOrder,
                ["orders"] = hasO ? o.Values["orders"] : 0L,
                ["conversion_rate"] = count == 0 ? null : Math.Round((decimal)withOrder / count, 6, MidpointRounding.ToEven),
            };
            var final = (hasS ? s.Final : sessions.IsFinal(start)) && (hasO ? o.Final : ordering.IsFinal(start));
            expected.Add(WindowOracle.Line(start, "[]", values, (hasS ? s.Revisions : 0) + (hasO ? o.Revisions : 0), (hasS ? s.LateRevisions : 0) + (hasO ? o.LateRevisions : 0), final));
        }

        await using var reports = OpenReports();
        var stored = (await reports.ListWindowsAsync()).ToDictionary(static s => s.Definition.Name);
        var conversion = stored["conversion_hourly"];
        Assert.True(conversion.Definition.IsJoin);
        Assert.Equal(sessions.Watermark < ordering.Watermark ? sessions.Watermark : ordering.Watermark, conversion.Watermark);
        var view = await reports.ReadWindowsAsync(conversion.Definition, null, null);
        var actual = view.Rows.Select(static r => WindowOracle.Line(r.WindowStart, JsonSerializer.Serialize(r.Key), r.Values, r.Revisions, r.LateRevisions, r.IsFinal)).ToList();
        Assert.Equal(expected, actual);
        var late = sessions.ExpectedLate().Concat(ordering.ExpectedLate()).Select(static l => l.Split('|'))
            .GroupBy(static l => l[0]).OrderBy(static g => g.Key, StringComparer.Ordinal)
            .Select(static g => $"{g.Key}|{g.Sum(static l => long.Parse(l[1], CultureInfo.InvariantCulture))}|{g.Sum(static l => long.Parse(l[2], CultureInfo.InvariantCulture))}").ToList();
        Assert.Equal(late, view.Late.Select(static l => $"{l.WindowStart:yyyy-MM-ddTHH:mm}|{l.LateCount}|{l.AppliedCount}").ToList());

        // The data must exercise the claim: hours with and without orders, a ratio strictly between 0 and 1, late
        // events in both parts, final and open hours.
        Assert.True(expected.Count > 5, $"too few hours ({expected.Count})");
        Assert.Contains(view.Rows, static r => r.Values["conversion_rate"] is decimal c && c > 0 && c < 1);
        Assert.NotEmpty(sessions.ExpectedLate());
        Assert.NotEmpty(ordering.ExpectedLate());
        Assert.Contains(view.Rows, static r => r.IsFinal);
        Assert.Contains(view.Rows, static r => !r.IsFinal);
    }

    private static OracleRecord ViewOf((ProductView Record, SourcePosition Position) v) => new(v.Record.ViewId, v.Position.Partition, v.Record.ViewedAt.UtcDateTime,
    [
        new OracleRow(v.Record.ViewId, [v.Record.ProductId], new Dictionary<string, object?>
        {
            ["customer_id"] = v.Record.CustomerId,
            ["timestamp"] = v.Record.ViewedAt.UtcDateTime,
            ["view_duration"] = v.Record.ViewDurationSeconds is { } d ? (decimal)d : null,
        }),
    ]);

    private static OracleRecord LinesOf((Order Record, SourcePosition Position) o) => new(o.Record.OrderId, o.Position.Partition, o.Record.CreatedAt.UtcDateTime,
        [.. o.Record.Lines.Select((l, i) => new OracleRow($"{o.Record.OrderId}#{i + 1}", [l.ProductId], new Dictionary<string, object?>
        {
            ["customer_id"] = o.Record.CustomerId,
            ["quantity"] = (decimal)l.Quantity,
            ["item_price"] = l.ItemPrice,
        }))]);

    private static OracleRecord OrderOf((Order Record, SourcePosition Position) o) => new(o.Record.OrderId, o.Position.Partition, o.Record.CreatedAt.UtcDateTime,
    [
        new OracleRow(o.Record.OrderId, [o.Record.Currency], new Dictionary<string, object?> { ["total_amount"] = o.Record.TotalAmount }),
    ]);

    /// <summary>
    /// Batches of views and orders over partitions 0 and 1: event time moves ~4 minutes a batch with jitter back of up
    /// to 80 minutes (whole minutes, so windows' boundaries are hit exactly), some events hours late, some ids sent
    /// again later, partition 1 starting late (the watermark waits for it).
    /// </summary>
    private static List<(List<(ProductView Record, SourcePosition Position)> Views, List<(Order Record, SourcePosition Position)> Orders)> Generate(int seed, int batches)
    {
        var random = new Random(seed);
        var batchesOut = new List<(List<(ProductView, SourcePosition)>, List<(Order, SourcePosition)>)>();
        var sentViews = new List<ProductView>();
        var sentOrders = new List<Order>();
        long offset = 0;
        for (var b = 0; b < batches; b++)
        {
            var now = Start.AddMinutes(4 * b);
            DateTime Time() => random.Next(20) == 0 ? now.AddMinutes(-random.Next(120, 300)) : now.AddMinutes(-random.Next(0, 80) + random.Next(0, 5));
            int Partition() => b < 3 ? 0 : random.Next(2);
            var views = new List<(ProductView, SourcePosition)>();
            for (var i = random.Next(5, 25); i > 0; i--)
            {
                var view = random.Next(10) == 0 && sentViews.Count > 0
                    ? sentViews[random.Next(sentViews.Count)]
                    : View($"v{b}-{i}", $"c{random.Next(8)}", $"p{random.Next(4)}") with { ViewedAt = Time(), ViewDurationSeconds = random.Next(6) == 0 ? null : random.Next(100, 3000) / 10.0 };
                sentViews.Add(view);
                views.Add((view, SourcePosition.Kafka(CommerceTopics.ProductViews, Partition(), offset++)));
            }

            var orders = new List<(Order, SourcePosition)>();
            for (var i = random.Next(2, 10); i > 0; i--)
            {
                var order = random.Next(10) == 0 && sentOrders.Count > 0
                    ? sentOrders[random.Next(sentOrders.Count)]
                    : Order($"o{b}-{i}", $"c{random.Next(8)}", Time(),
                        [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => ($"p{random.Next(4)}", random.Next(1, 5), random.Next(5) == 0 ? (decimal?)null : random.Next(100, 999)))])
                      with { TotalAmount = random.Next(1000, 90000) };
                sentOrders.Add(order);
                orders.Add((order, SourcePosition.Kafka(CommerceTopics.Transactions, Partition(), offset++)));
            }

            batchesOut.Add((views, orders));
        }

        return batchesOut;
    }
}
