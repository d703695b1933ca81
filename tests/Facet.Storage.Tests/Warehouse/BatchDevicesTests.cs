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

        var merged = BatchDevices.Merge([parts[0].Devices, parts[1].Devices, third]);

        Assert.Equal(["dev-a", "dev-b", "dev-c"], Enumerable.Range(0, merged.Count).Select(merged.DeviceOf));
        Assert.Equal(8, merged.EventCount);
        var all = BatchDevices.Of([.. parts.SelectMany(p => p.Events).Where(e => e.Source.Event.DeviceId != "dev-d")]);
        foreach (var device in new[] { "dev-a", "dev-b", "dev-c" })
        {
            Assert.True(merged.TryFind(device, out var g));
            Assert.True(all.TryFind(device, out var h));
            Assert.Equal(Ids(all.EventsOf(h)), Ids(merged.EventsOf(g)));
        }

        Assert.Equal(["a-1", "a-2", "a-2z", "a-4"], Ids(merged.EventsOf(0)));
        Assert.False(merged.TryFind("dev-d", out _));
        Assert.Same(parts[0].Devices, BatchDevices.Merge([parts[0].Devices]));

        static string[] Ids(ReadOnlySpan<PreparedEvent> events) => [.. events.ToArray().Select(e => e.Source.Event.EventId)];
    }

    [Fact]
    public void A_batch_without_device_ids_has_no_devices()
    {
        var options = new WarehouseOptions();
        var prepared = PreparedClickstream.Prepare([TestEvents.Event("x", deviceId: null)], options, new PrivacyRules(options));

        Assert.Equal((0, 0), (prepared.Devices.Count, prepared.Devices.EventCount));
    }
}
