namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// <c>kpi_devices_daily</c> across batches: a device-day this process already wrote is sent again only with an earlier
/// first event (DeviceDayCache), and every row still holds the day's first event of its device.
/// </summary>
public abstract partial class WarehouseContractTests
{
    [Fact]
    public async Task A_device_days_first_event_is_lowered_by_a_later_batchs_earlier_event_and_kept_against_a_later_one()
    {
        var w = await OpenAsync();
        DateTimeOffset At(int hour) => new(2024, 6, 15, hour, 0, 0, TimeSpan.Zero);

        await w.WriteBatchAsync(TestEvents.Batch(
            TestEvents.Event("d1-noon", At(12), deviceId: "d1"),
            TestEvents.Event("d2-one", At(13), deviceId: "d2")), CancellationToken.None);
        await w.WriteBatchAsync(TestEvents.Batch(
            TestEvents.Event("d1-eleven", At(11), deviceId: "d1"),   // earlier than stored: lowers d1's row
            TestEvents.Event("d2-three", At(15), deviceId: "d2"),    // later: d2's row stays at 13:00
            TestEvents.Event("d3-two", At(14), deviceId: "d3")), CancellationToken.None);
        await w.WriteBatchAsync(TestEvents.Batch(
            TestEvents.Event("d1-ten", At(10), deviceId: "d1", bot: true)), CancellationToken.None); // another bot flag: its own row

        // Epoch seconds: independent of the session's time zone.
        Assert.Equal(
            [$"d1|bot|{At(10).ToUnixTimeSeconds()}", $"d1|human|{At(11).ToUnixTimeSeconds()}", $"d2|human|{At(13).ToUnixTimeSeconds()}", $"d3|human|{At(14).ToUnixTimeSeconds()}"],
            (await QueryAsync(w,
                "SELECT device_id, CASE WHEN is_bot THEN 'bot' ELSE 'human' END, CAST(extract(epoch FROM first_ts) AS bigint) " +
                "FROM kpi_devices_daily ORDER BY 1, 2"))
                .Select(r => $"{r[0]}|{r[1]}|{r[2]}"));
        await AssertRollupsEqualRecountAsync(w);
    }

    [Fact]
    public async Task A_batch_with_a_few_events_stored_already_adds_only_its_new_events_to_the_rollups_and_device_days()
    {
        var w = await OpenAsync();
        DateTimeOffset At(int hour) => new(2024, 6, 15, hour, 0, 0, TimeSpan.Zero);
        await w.WriteBatchAsync(TestEvents.Batch(
            TestEvents.Event("s1", At(9), productId: "1", deviceId: "d1"),
            TestEvents.Event("s2", At(10), productId: "2", deviceId: "d2", country: "FR", city: "Paris")), CancellationToken.None);

        // s1 comes again with other content (another product, country, hour, device and bot flag: the stored fact keeps
        // its own, nothing of the copy counts), s2 as it was; the batch's own tally would count both copies.
        var result = await w.WriteBatchAsync(TestEvents.Batch(
            TestEvents.Event("s1", At(7), collection: "checkout_success", productId: "9", country: "US", city: "Austin", deviceId: "copy-device", bot: true),
            TestEvents.Event("s2", At(10), productId: "2", deviceId: "d2", country: "FR", city: "Paris"),
            TestEvents.Event("n1", At(11), productId: "1", deviceId: "d1"),
            TestEvents.Event("n2", At(12), productId: "3", deviceId: "d3", browser: "Firefox"),
            TestEvents.Event("n3", At(8), productId: "9", deviceId: "d2")), CancellationToken.None);

        Assert.Equal((3, 2), (result.Inserted, result.Duplicates));
        Assert.Empty(await QueryAsync(w, "SELECT device_id FROM kpi_devices_daily WHERE device_id = 'copy-device'"));
        Assert.Empty(await QueryAsync(w, "SELECT collection FROM rollup_collection_hourly WHERE collection = 'checkout_success'"));
        await AssertRollupsEqualRecountAsync(w);

        // Sessions and funnel progress walk the stored facts only: every fact with a device in exactly one session, no
        // trace of the copy's device, a funnel candidate per device and quarter hour of its views.
        Assert.Equal(
            await QueryAsync(w, "SELECT device_id, count(*) FROM fact_events WHERE device_id IS NOT NULL GROUP BY device_id ORDER BY 1"),
            await QueryAsync(w, "SELECT device_id, sum(events) FROM fact_sessions GROUP BY device_id ORDER BY 1"));
        Assert.Equal(
            new[] { ("d1", 9), ("d1", 11), ("d2", 8), ("d2", 10), ("d3", 12) }.Select(c => $"{c.Item1}|{At(c.Item2).ToUnixTimeSeconds()}"),
            (await QueryAsync(w, "SELECT device_id, CAST(extract(epoch FROM entry_ts) AS BIGINT) FROM funnel_progress WHERE funnel_id = 1 ORDER BY 1, 2"))
                .Select(r => $"{r[0]}|{r[1]}"));
    }
}
