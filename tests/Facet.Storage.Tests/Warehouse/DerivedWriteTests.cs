using Facet.Core.Enrichment;
using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// Trailing transactions write the batches queued behind a slower one together (<see cref="DerivedWrite.Merge"/>),
/// except where writing them one by one would count an event late: one beyond the session late bound before its
/// device's latest event in the batches before it.
/// </summary>
public sealed class DerivedWriteTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 15, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan LateBound = TimeSpan.FromHours(3);

    private static DerivedWrite Batch(bool sessionsOn, params EnrichedEvent[] events)
    {
        var options = new WarehouseOptions();
        var prepared = PreparedClickstream.Prepare(events, options, new PrivacyRules(options));
        var now = DateTime.UtcNow;
        return new DerivedWrite(prepared.Devices.Derive(now), sessionsOn, now, prepared.Days, owner: 7, rollups: null);
    }

    private static List<DerivedWrite> Batches(bool sessionsOn) =>
    [
        Batch(sessionsOn, TestEvents.Event("a-noon", time: Noon, deviceId: "dev-a")),
        // Within the bound of dev-a's noon event; dev-b's first event has nothing before it.
        Batch(sessionsOn, TestEvents.Event("a-0930", time: Noon.AddHours(-2.5), deviceId: "dev-a"), TestEvents.Event("b-0000", time: Noon.AddHours(-12), deviceId: "dev-b")),
        // Exactly the bound before dev-a's noon event: not late (late is beyond it).
        Batch(sessionsOn, TestEvents.Event("a-0900", time: Noon.AddHours(-3), deviceId: "dev-a")),
        // Beyond the bound before dev-a's noon event, which a batch before it brought.
        Batch(sessionsOn, TestEvents.Event("a-0859", time: Noon.AddHours(-3).AddTicks(-10), deviceId: "dev-a")),
        Batch(sessionsOn, TestEvents.Event("b-0100", time: Noon.AddHours(-11), deviceId: "dev-b"), TestEvents.Event("c-1300", time: Noon.AddHours(1), deviceId: "dev-c")),
    ];

    [Fact]
    public void Batches_are_written_together_up_to_one_with_an_event_late_because_of_the_batches_before_it()
    {
        var writes = Batches(sessionsOn: true);

        var merged = DerivedWrite.Merge(writes, LateBound);

        Assert.Equal([3, 2], merged.Select(m => m.Batches));
        Assert.Equal(writes[..3], merged[0].Parts);
        Assert.Equal(writes[3..], merged[1].Parts);
        Assert.Equal(4, merged[0].EventCount);
        Assert.Equal(3, merged[1].EventCount);
    }

    [Fact]
    public void Without_sessions_no_event_is_late_and_every_queued_batch_is_written_together()
    {
        var writes = Batches(sessionsOn: false);

        var merged = DerivedWrite.Merge(writes, LateBound);

        Assert.Equal(writes.Count, Assert.Single(merged).Batches);
        Assert.Equal(writes, merged[0].Parts);
    }

    [Fact]
    public void One_queued_batch_is_written_as_it_is()
    {
        var write = Batches(sessionsOn: true)[0];

        Assert.Same(write, Assert.Single(DerivedWrite.Merge([write], LateBound)));
        Assert.Equal([write], write.Parts);
        Assert.Equal(1, write.Batches);
    }
}
