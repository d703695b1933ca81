using Facet.Core.Enrichment;
using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// A batch's dimension members: one per distinct natural key, however the events' texts are shared; and nothing of one
/// batch's preparation left in the next (the tables are reused, <see cref="PrepareScratch"/>).
/// </summary>
public sealed class PreparedClickstreamTests
{
    [Fact]
    public void Customer_members_are_one_per_distinct_key_whether_device_ids_are_one_instance_or_equal_copies()
    {
        var options = new WarehouseOptions();
        var shared = "device-a";
        var copy = new string(shared.AsSpan()); // equal text, another instance (a miss of the parser's recent table)
        Assert.NotSame(shared, copy);
        EnrichedEvent[] events =
        [
            TestEvents.Event("e1", deviceId: shared),
            TestEvents.Event("e2", deviceId: copy),
            TestEvents.Event("e3", deviceId: shared, email: "a@example.com"),
            TestEvents.Event("e4", deviceId: "device-b"),
            TestEvents.Event("e5", deviceId: shared),
            TestEvents.Event("e6", deviceId: null),
        ];

        var prepared = PreparedClickstream.Prepare(events, options, new PrivacyRules(options));

        var customer = Dimension.Customer.Index;
        var member = prepared.Events.ToDictionary(p => p.Source.Event.EventId, p => p.Members[customer]);
        Assert.Equal(member["e1"], member["e2"]);
        Assert.Equal(member["e1"], member["e5"]);
        Assert.Equal(3, new[] { member["e1"], member["e3"], member["e4"] }.Distinct().Count());
        Assert.Equal(-1, member["e6"]); // no device, user or email: the Unknown member

        var keys = prepared.FindMisses(new DimensionCache())[customer].ConvertAll(m => m.NaturalKey);
        Assert.Equal(3, keys.Count);
        Assert.Equal(3, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(keys, k => k.StartsWith("device-a", StringComparison.Ordinal) && k.EndsWith("\u001f\u0001\u001f\u0001", StringComparison.Ordinal));
    }

    [Fact]
    public void Store_and_signed_in_customer_members_are_one_per_distinct_key_whichever_instances_their_parts_are()
    {
        var options = new WarehouseOptions();
        var storeCopy = new string("12".AsSpan()); // equal texts, other instances (misses of the parser's tables)
        const string user = "user-1";
        var userCopy = new string(user.AsSpan());
        var first = TestEvents.Event("s1", storeDomain: "glamira.de");
        EnrichedEvent[] events =
        [
            first,
            TestEvents.Event("s2", storeDomain: "glamira.de", storeId: storeCopy), // an equal StoreInfo, not the same one
            TestEvents.Event("s3", storeDomain: "glamira.fr"),
            TestEvents.Event("s4", storeDomain: "glamira.de", storeId: "13"),
            TestEvents.Event("s5", storeDomain: null),
            TestEvents.Event("s6") with { Store = first.Store }, // the very same store id and StoreInfo instances as s1
            TestEvents.Event("c1", deviceId: "device-c", userId: user),
            TestEvents.Event("c2", deviceId: "device-c", userId: userCopy),
            TestEvents.Event("c3", deviceId: "device-c"),
            TestEvents.Event("c4", deviceId: null, userId: user),
            TestEvents.Event("c5", deviceId: null, userId: userCopy),
            TestEvents.Event("c6", deviceId: "device-c", userId: user, email: "c@example.com"),
        ];

        var prepared = PreparedClickstream.Prepare(events, options, new PrivacyRules(options));

        int Member(Dimension dimension, string id) => prepared.Events.Single(p => p.Source.Event.EventId == id).Members[dimension.Index];
        var store = Dimension.Store;
        Assert.Equal(Member(store, "s1"), Member(store, "s2"));
        Assert.Equal(Member(store, "s1"), Member(store, "s6"));
        Assert.Equal(3, new[] { Member(store, "s1"), Member(store, "s3"), Member(store, "s4") }.Distinct().Count());
        Assert.Equal(-1, Member(store, "s5")); // no store id, no domain: the Unknown member
        var customer = Dimension.Customer;
        Assert.Equal(Member(customer, "c1"), Member(customer, "c2"));
        Assert.Equal(Member(customer, "c4"), Member(customer, "c5"));
        Assert.Equal(5, new[] { Member(customer, "s1"), Member(customer, "c1"), Member(customer, "c3"), Member(customer, "c4"), Member(customer, "c6") }.Distinct().Count());

        // One natural key per member: the dimension insert never meets one key twice.
        var misses = prepared.FindMisses(new DimensionCache());
        Assert.Equal(["12\u001fglamira.de", "12\u001fglamira.fr", "13\u001fglamira.de"], misses[store.Index].ConvertAll(m => m.NaturalKey).Order(StringComparer.Ordinal));
        var customerKeys = misses[customer.Index].ConvertAll(m => m.NaturalKey);
        Assert.Equal(5, customerKeys.Count);
        Assert.Equal(5, customerKeys.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void A_new_member_takes_its_attributes_from_its_earliest_event_not_the_first_in_key_order()
    {
        var options = new WarehouseOptions();
        var t0 = new DateTimeOffset(2026, 11, 15, 10, 0, 0, TimeSpan.Zero);
        EnrichedEvent[] events =
        [
            TestEvents.Event("late", time: t0.AddMinutes(30), deviceId: "dev-a"),
            TestEvents.Event("earliest", time: t0, deviceId: "dev-z"),
            TestEvents.Event("middle", time: t0.AddMinutes(10), deviceId: null),
            TestEvents.Event("tie-2", time: t0.AddMinutes(50), productId: "2002", deviceId: "dev-a"),
            TestEvents.Event("tie-1", time: t0.AddMinutes(50), productId: "2002", deviceId: "dev-b"),
        ];

        foreach (var batch in new[] { events, events.Reverse().ToArray() })
        {
            var prepared = PreparedClickstream.Prepare(batch, options, new PrivacyRules(options));
            var products = prepared.FindMisses(new DimensionCache())[Dimension.Product.Index];

            Assert.Equal(new[] { "1001", "2002" }, products.Select(p => p.NaturalKey));
            // The premise: in the batch's own (key) order another event of product 1001 comes first.
            Assert.NotEqual("earliest", prepared.Events.First(e => e.Source.Event.ProductId == "1001").Source.Event.EventId);
            Assert.Equal("earliest", products[0].Sample.Event.EventId);
            // The same instant: the smaller event key.
            var tie = prepared.Events.Where(e => e.Source.Event.ProductId == "2002").MinBy(e => e.EventKey)!;
            Assert.Same(tie.Source, products[1].Sample);
        }
    }

    [Fact]
    public void A_batch_prepared_after_another_keeps_its_own_events_members_and_counts()
    {
        var options = new WarehouseOptions();
        var privacy = new PrivacyRules(options);
        EnrichedEvent[] first =
        [
            TestEvents.Event("a1", productId: "1", deviceId: "dev-a"),
            TestEvents.Event("a2", productId: "2", deviceId: "dev-a"),
            TestEvents.Event("a3", productId: "3", deviceId: "dev-b"),
        ];
        EnrichedEvent[] second =
        [
            TestEvents.Event("a1", productId: "9", deviceId: "dev-z"), // the first batch's id: not a duplicate here
            TestEvents.Event("b2", productId: "9", deviceId: "dev-z"),
        ];

        // Many rounds, so the reused tables are certainly among those these preparations get.
        for (var round = 0; round < 20; round++)
        {
            var a = PreparedClickstream.Prepare(first, options, privacy);
            var b = PreparedClickstream.Prepare(second, options, privacy);

            Assert.Equal((3, 0), (a.Events.Count, a.InBatchDuplicates));
            Assert.Equal((2, 0), (b.Events.Count, b.InBatchDuplicates));
            Assert.All(b.Events, e => Assert.Equal(0, e.Members[Dimension.Product.Index]));
            var products = b.FindMisses(new DimensionCache())[Dimension.Product.Index];
            Assert.Equal(new[] { "9" }, products.ConvertAll(m => m.NaturalKey));

            var collection = Array.IndexOf(RollupTable.All, RollupTable.Collection);
            var rollups = b.RollupTally.Resolve(AsMember);
            Assert.Equal(2, rollups.Rows[collection].Events.Sum());
            Assert.Equal(new[] { 0 }, rollups.Rows[Array.IndexOf(RollupTable.All, RollupTable.Product)].Key1!.Distinct());
            Assert.Equal(new[] { "dev-z" }, rollups.Devices.ConvertAll(d => d.Key.DeviceId));
            Assert.Equal(3, a.RollupTally.Resolve(AsMember).Rows[collection].Events.Sum()); // still whole after b
        }
    }

    [Fact]
    public void Rollup_rows_are_in_natural_key_order_whatever_the_member_numbering_and_a_recount_of_a_part_matches_its_own_batch()
    {
        var options = new WarehouseOptions();
        var privacy = new PrivacyRules(options);
        // Member numbers follow first use in the input; the rows' lock order must not (two writers number differently).
        var products = new[] { "p-30", "p-4", "p-100", "p-2", "p-4", "p-30" };
        var events = products.Select((p, i) => TestEvents.Event($"e{i}", productId: p, deviceId: $"d{i % 2}")).ToArray();
        var forward = PreparedClickstream.Prepare(events, options, privacy);
        var backward = PreparedClickstream.Prepare(events.Reverse().ToArray(), options, privacy);
        var product = Array.IndexOf(RollupTable.All, RollupTable.Product);

        foreach (var prepared in new[] { forward, backward })
        {
            var naturalKey = ProductOfMember(prepared.Events);
            var rows = prepared.RollupTally.Resolve(AsMember).Rows[product];
            var keys = rows.Key1!.Select(m => naturalKey[m]).ToList();
            Assert.Equal(["p-100", "p-2", "p-30", "p-4"], keys);
            Assert.Equal([1L, 1, 2, 2], rows.Events);
        }

        Assert.NotEqual(
            forward.Events.Select(e => e.Members[Dimension.Product.Index]),
            forward.Events.Select(e => backward.Events.Single(b => b.EventKey == e.EventKey).Members[Dimension.Product.Index]));

        // The write's recount of the events its insert stored: the rows that batch alone would have had.
        var part = forward.Events.Where(e => e.Source.Event.ProductId != "p-2").ToList();
        var recount = forward.CountRollups(part, options.ReportingTimeZone.Id).Resolve(AsMember);
        var alone = PreparedClickstream.Prepare(part.ConvertAll(e => e.Source), options, privacy);
        var expected = alone.RollupTally.Resolve(AsMember);
        for (var t = 0; t < RollupTable.All.Length; t++)
        {
            Assert.Equal(expected.Rows[t].Events, recount.Rows[t].Events);
            Assert.Equal(expected.Rows[t].Collections, recount.Rows[t].Collections);
            Assert.Equal(expected.Rows[t].Text1, recount.Rows[t].Text1);
        }

        var aloneKeys = ProductOfMember(alone.Events);
        var forwardKeys = ProductOfMember(forward.Events);
        Assert.Equal(expected.Rows[product].Key1!.Select(m => aloneKeys[m]), recount.Rows[product].Key1!.Select(m => forwardKeys[m]));
    }

    [Fact]
    public void Every_rollup_table_with_an_integer_column_has_the_dimension_its_rows_resolve()
    {
        for (var t = 0; t < RollupTable.All.Length; t++)
        {
            var table = RollupTable.All[t];
            Assert.True(table.IntColumns.Length <= 1 && table.TextColumns.Length <= 2, table.Name);
            Assert.Equal(table.IntColumns.Length == 1, Rollups.Tally.Key1Dimensions[t] is not null);
            if (Rollups.Tally.Key1Dimensions[t] is { } dimension)
            {
                Assert.Equal(dimension.KeyColumn, table.IntColumns[0]);
            }
        }
    }

    private static int AsMember(int dimension, int member) => member;

    private static Dictionary<int, string?> ProductOfMember(IEnumerable<PreparedEvent> events) =>
        events.DistinctBy(e => e.Members[Dimension.Product.Index]).ToDictionary(e => e.Members[Dimension.Product.Index], e => e.Source.Event.ProductId);

    [Fact]
    public void Scratch_tables_are_empty_when_rented_and_a_table_grown_past_the_limit_is_not_kept()
    {
        var used = PrepareScratch.Rent();
        used.Seen.Add((Guid.NewGuid(), new DateOnly(2026, 11, 15)));
        used.MemberNumbers[0]["x"] = 0;
        used.RollupCounts[0][default] = 1;
        used.Devices[new DeviceDay(20261115, false, "d")] = DateTime.UnixEpoch;
        used.Return();

        for (var i = 0; i < 4; i++)
        {
            var rented = PrepareScratch.Rent();
            Assert.Empty(rented.Seen);
            Assert.All(rented.MemberNumbers, Assert.Empty);
            Assert.All(rented.MemberSources, m => Assert.True(m is null || m.Count == 0));
            Assert.All(rented.RollupCounts, Assert.Empty);
            Assert.Empty(rented.Devices);
            Assert.Empty(rented.DayOfHour);
            Assert.Empty(rented.TextIds);
            rented.Return();
        }

        var large = PrepareScratch.Rent();
        for (var i = 0; i <= PrepareScratch.MaxKeptEntries; i++)
        {
            large.DayOfHour[DateTime.UnixEpoch.AddHours(i)] = i;
        }

        large.Return();
        var held = new[] { PrepareScratch.Rent(), PrepareScratch.Rent(), PrepareScratch.Rent() };
        Assert.DoesNotContain(large, held);
        Assert.All(held, s => Assert.Empty(s.DayOfHour));
        foreach (var scratch in held)
        {
            scratch.Return();
        }
    }
}
