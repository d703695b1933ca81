using Facet.Core.Enrichment;
using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// The session and funnel steps walk each device's events from <see cref="BatchDevices"/>: every event with a device id
/// exactly once, under its device, in the facts' order (time as stored, then event id), whatever order the batch came in.
/// </summary>
public sealed class BatchDevicesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 15, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_device_holds_its_events_in_time_then_id_order_and_events_without_a_device_are_left_out()
    {
        var options = new WarehouseOptions();
        EnrichedEvent[] events =
        [
            TestEvents.Event("b-late", time: T0.AddMinutes(5), deviceId: "dev-b"),
            TestEvents.Event("a-3", time: T0.AddMinutes(2), deviceId: "dev-a"),
            TestEvents.Event("none", time: T0, deviceId: null),
            TestEvents.Event("a-2", time: T0.AddMinutes(1), deviceId: "dev-a"),
            TestEvents.Event("empty", time: T0, deviceId: ""),
            TestEvents.Event("b-early", time: T0.AddMinutes(-5), deviceId: "dev-b"),
            TestEvents.Event("a-1z", time: T0.AddMinutes(1), deviceId: "dev-a"), // the same µs as a-2: by id
            TestEvents.Event("a-0", time: T0.AddTicks(-3), deviceId: "dev-a"), // stored floored to the µs: before T0
            TestEvents.Event("c-1", time: T0, deviceId: new string("dev-c".AsSpan())),
        ];

        var prepared = PreparedClickstream.Prepare(events, options, new PrivacyRules(options));

        foreach (var devices in new[] { prepared.Devices, BatchDevices.Of(prepared.Events), BatchDevices.Of([.. prepared.Events.AsEnumerable().Reverse()]) })
        {
            Assert.Equal(3, devices.Count);
            Assert.Equal(7, devices.EventCount);
            var byDevice = Enumerable.Range(0, devices.Count).ToDictionary(
                devices.DeviceOf,
                g => devices.EventsOf(g).ToArray().Select(e => e.Source.Event.EventId).ToArray());
            Assert.Equal(new[] { "a-0", "a-1z", "a-2", "a-3" }, byDevice["dev-a"]);
            Assert.Equal(new[] { "b-early", "b-late" }, byDevice["dev-b"]);
            Assert.Equal(new[] { "c-1" }, byDevice["dev-c"]);

            Assert.True(devices.TryFind("dev-c", out var c));
            Assert.Equal("dev-c", devices.DeviceOf(c));
            Assert.False(devices.TryFind("dev-x", out _));
            Assert.False(devices.TryFind("", out _));
        }
    }

    [Fact]
    public void The_inserted_events_of_a_batch_group_as_the_batch_did_less_those_left_out_in_order_or_not()
    {
        var options = new WarehouseOptions();
        var events = Enumerable.Range(0, 60)
            .Select(i => TestEvents.Event($"e{i:D2}", time: T0.AddSeconds((i * 37) % 23), deviceId: i % 7 == 0 ? null : $"dev-{i % 5}"))
            .ToArray();
        var prepared = PreparedClickstream.Prepare(events, options, new PrivacyRules(options));
        // dev-3 loses every event, the others some.
        var inserted = prepared.Events.Where(e => e.Source.Event.DeviceId != "dev-3" && e.Source.Event.EventId[^1] is not ('1' or '6')).ToList();

        Assert.Same(prepared.Devices, prepared.DevicesOf(prepared.Events));
        var expected = Groups(BatchDevices.Of(inserted));
        Assert.DoesNotContain("dev-3", expected.Keys);
        Assert.Equal(expected, Groups(prepared.DevicesOf(inserted)));
        Assert.Equal(expected, Groups(prepared.DevicesOf([.. inserted.AsEnumerable().Reverse()]))); // not the batch's order: grouped again
        var only = prepared.DevicesOf(inserted);
        Assert.Equal(inserted.Count(e => e.Source.Event.DeviceId is not null), only.EventCount);
        Assert.True(only.TryFind("dev-3", out var emptied));
        Assert.True(only.EventsOf(emptied).IsEmpty);

        static Dictionary<string, string[]> Groups(BatchDevices devices) =>
            Enumerable.Range(0, devices.Count)
                .Where(g => !devices.EventsOf(g).IsEmpty)
                .ToDictionary(devices.DeviceOf, g => devices.EventsOf(g).ToArray().Select(e => e.Source.Event.EventId).ToArray());
    }

    [Fact]
    public void Batches_merged_hold_each_device_s_events_of_every_batch_in_the_facts_order_as_one_batch_of_them_all()
    {
        var options = new WarehouseOptions();
        EnrichedEvent[][] batches =
        [
            [
                TestEvents.Event("a-2", time: T0.AddMinutes(2), deviceId: "dev-a"),
                TestEvents.Event("b-5", time: T0.AddMinutes(5), deviceId: "dev-b"),
                TestEvents.Event("a-4", time: T0.AddMinutes(4), deviceId: "dev-a"),
            ],
            [
                TestEvents.Event("a-1", time: T0.AddMinutes(1), deviceId: "dev-a"), // before the first batch's
                TestEvents.Event("c-0", time: T0, deviceId: "dev-c"),
                TestEvents.Event("none", time: T0, deviceId: null),
                TestEvents.Event("b-6", time: T0.AddMinutes(6), deviceId: "dev-b"),
                TestEvents.Event("a-2z", time: T0.AddMinutes(2), deviceId: "dev-a"), // the first batch's µs: by id
            ],
            [
                TestEvents.Event("d-9", time: T0.AddMinutes(9), deviceId: "dev-d"), // left out by the insert below
                TestEvents.Event("c-3", time: T0.AddMinutes(3), deviceId: "dev-c"),
            ],
        ];
        var parts = batches.Select(b => PreparedClickstream.Prepare(b, options, new PrivacyRules(options))).ToList();
        var third = parts[2].DevicesOf([.. parts[2].Events.Where(e => e.Source.Event.DeviceId != "dev-d")]);

        var at = new DateTime(2026, 11, 15, 13, 0, 0, DateTimeKind.Utc);
        var merged = DerivedDevices.Merge([parts[0].Devices.Derive(at), parts[1].Devices.Derive(at.AddSeconds(1)), third.Derive(at.AddSeconds(2))]);

        Assert.Equal(["dev-a", "dev-b", "dev-c"], Enumerable.Range(0, merged.Count).Select(merged.DeviceOf));
        Assert.Equal(8, merged.EventCount);
        var all = BatchDevices.Of([.. parts.SelectMany(p => p.Events).Where(e => e.Source.Event.DeviceId != "dev-d")]);
        foreach (var device in new[] { "dev-a", "dev-b", "dev-c" })
        {
            Assert.True(merged.TryFind(device, out var g));
            Assert.True(all.TryFind(device, out var h));
            Assert.Equal(Ids(all.EventsOf(h)), DerivedIds(merged.EventsOf(g)));
        }

        Assert.Equal(["a-1", "a-2", "a-2z", "a-4"], DerivedIds(merged.EventsOf(0)));
        // Each event keeps its own batch's ingestion time (session_late_events.arrived_at).
        Assert.Equal([at.AddSeconds(1), at, at.AddSeconds(1), at], merged.EventsOf(0).ToArray().Select(e => e.ArrivedAtUtc));
        Assert.False(merged.TryFind("dev-d", out _));
        var single = parts[0].Devices.Derive(at);
        Assert.Same(single, DerivedDevices.Merge([single]));

        static string[] DerivedIds(ReadOnlySpan<DerivedEvent> events) => [.. events.ToArray().Select(e => e.EventId.ToText()!)];
        static string[] Ids(ReadOnlySpan<PreparedEvent> events) => [.. events.ToArray().Select(e => e.Source.Event.EventId)];
    }

    [Fact]
    public void Derived_events_carry_what_the_session_and_funnel_steps_read_of_each_event()
    {
        var options = new WarehouseOptions();
        var prepared = PreparedClickstream.Prepare(
        [
            TestEvents.Event("x-1", time: T0, collection: "checkout_success", productId: "77", storeDomain: "glamira.fr", bot: true, deviceId: "dev-x"),
            TestEvents.Event("x-2", time: T0.AddMinutes(1), productId: null, storeDomain: null, deviceId: "dev-x"),
        ], options, new PrivacyRules(options));
        var key = 10;
        foreach (var e in prepared.Events)
        {
            for (var d = 0; d < Dimension.Count; d++)
            {
                e.Keys[d] = key++;
            }
        }

        var at = new DateTime(2026, 11, 15, 13, 0, 0, DateTimeKind.Utc);
        var derived = prepared.Devices.Derive(at);

        var p = prepared.Devices.EventsOf(0).ToArray();
        var d2 = derived.EventsOf(0).ToArray();
        Assert.Equal(p.Length, d2.Length);
        for (var i = 0; i < p.Length; i++)
        {
            var (e, x) = (p[i], d2[i]);
            Assert.Equal(
                (e.EventKey, e.EventTsUtc, FactRow.EventMicros(e), e.Source.Event.EventIdText, e.Source.Event.DeviceId, e.Source.Event.Collection, e.Source.IsBot, e.Source.Event.ProductId),
                (x.EventKey, x.EventTsUtc, x.EventMicros, x.EventId, (string?)x.DeviceId, x.Collection, x.IsBot, x.ProductId));
            Assert.Equal(
                (e.Source.Event.StoreId, e.Source.Store.Domain, e.Source.Event.CurrentUrl, e.Source.Event.ReferrerUrl, FactRow.UtmSource(e), FactRow.UtmMedium(e), FactRow.UtmCampaign(e)),
                (x.StoreId, x.StoreDomain, x.CurrentUrl, x.ReferrerUrl, x.UtmSource, x.UtmMedium, x.UtmCampaign));
            Assert.Equal(
                (e.Keys[Dimension.Store.Index], e.Keys[Dimension.Location.Index], e.Keys[Dimension.UserAgent.Index], e.Keys[Dimension.Referrer.Index], at),
                (x.StoreKey, x.LocationKey, x.UserAgentKey, x.ReferrerKey, x.ArrivedAtUtc));
        }

        // Distinct per field, so a field copied from the wrong source shows.
        Assert.Equal(["glamira.fr", null], d2.Select(x => x.StoreDomain));
        Assert.Equal([true, false], d2.Select(x => x.IsBot));
        Assert.Equal(4, new[] { d2[0].StoreKey, d2[0].LocationKey, d2[0].UserAgentKey, d2[0].ReferrerKey }.Distinct().Count());
    }

    [Fact]
    public void A_batch_without_device_ids_has_no_devices()
    {
        var options = new WarehouseOptions();
        var prepared = PreparedClickstream.Prepare([TestEvents.Event("x", deviceId: null)], options, new PrivacyRules(options));

        Assert.Equal((0, 0), (prepared.Devices.Count, prepared.Devices.EventCount));
    }
}
