namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// The daily rollups in a zone whose midnight falls inside a UTC hour: they are summed from the hourly counts only where
/// every event of the hour has one reporting-zone date, and counted event by event where the hour is split.
/// </summary>
public abstract partial class WarehouseContractTests
{
    [Fact]
    public async Task Daily_rollups_split_a_UTC_hour_that_holds_the_reporting_zones_midnight_and_sum_whole_hours()
    {
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"); // UTC+05:30: local midnight is 18:30 UTC
        var w = await OpenAsync(new WarehouseOptions { ReportingTimeZone = kolkata });
        DateTimeOffset Utc(int hour, int minute) => new(2024, 6, 15, hour, minute, 0, TimeSpan.Zero);

        await w.WriteBatchAsync(TestEvents.Batch(
            TestEvents.Event("whole-a", Utc(12, 5)),                        // 17:35 on the 15th
            TestEvents.Event("whole-b", Utc(12, 50), productId: "2002"),    // 18:20 on the 15th
            TestEvents.Event("split-before", Utc(18, 10)),                  // 23:40 on the 15th
            TestEvents.Event("split-after", Utc(18, 45)),                   // 00:15 on the 16th
            TestEvents.Event("split-after-bot", Utc(18, 59), bot: true),    // 00:29 on the 16th
            TestEvents.Event("next-hour", Utc(19, 20), productId: "2002")), // 00:50 on the 16th
            CancellationToken.None);
        // A second batch adds to the same daily rows (and redelivers one event, which adds nothing).
        await w.WriteBatchAsync(TestEvents.Batch(
            TestEvents.Event("split-after", Utc(18, 45)),
            TestEvents.Event("split-before-2", Utc(18, 29)),                // 23:59 on the 15th
            TestEvents.Event("whole-c", Utc(12, 30))),
            CancellationToken.None);

        Assert.Equal(
            ["20240615|human|5", "20240616|bot|1", "20240616|human|2"],
            (await QueryAsync(w, "SELECT date_key, CASE WHEN is_bot THEN 'bot' ELSE 'human' END, sum(events) FROM rollup_collection_daily WHERE zone = 'Asia/Kolkata' GROUP BY 1, 2 ORDER BY 1, 2"))
                .Select(r => $"{r[0]}|{r[1]}|{r[2]}"));
        Assert.Equal(
            ["20240615|1001|4", "20240615|2002|1", "20240616|1001|1", "20240616|2002|1"],
            (await QueryAsync(w,
                "SELECT r.date_key, p.product_id, r.events FROM rollup_product_daily r JOIN dim_product p ON p.product_key = r.product_key " +
                "WHERE r.zone = 'Asia/Kolkata' AND NOT r.is_bot ORDER BY 1, 2"))
                .Select(r => $"{r[0]}|{r[1]}|{r[2]}"));
        await AssertRollupsEqualRecountAsync(w, "Asia/Kolkata");
    }
}
