using Facet.Core.Enrichment;
using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>A batch's dimension members: one per distinct natural key, however the events' texts are shared.</summary>
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
}
