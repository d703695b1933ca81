using System.Globalization;
using Facet.Storage.Reports;
using Facet.Storage.Tests.Sessions;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>Sessions (issue 21), kept in the batch transaction, on every backend.</summary>
public abstract partial class WarehouseContractTests
{
    private static readonly TimeSpan SessionTimeout = TimeSpan.FromMinutes(30);
    private static readonly TimeSpan SessionLateBound = TimeSpan.FromHours(3);

    private Task<List<string>> SessionRowsAsync(IWarehouse w) =>
        QueryAsync(w, $"SELECT {SessionOracle.Columns} FROM fact_sessions")
            .ContinueWith(t => t.Result.Select(r => string.Join('|', r)).Order(StringComparer.Ordinal).ToList(), TaskScheduler.Default);

    [Fact]
    public async Task Sessions_equal_a_brute_force_recount_whatever_the_arrival_order_and_late_events_beyond_the_bound_are_counted()
    {
        var options = new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound };
        var scenario = new SessionScenario(seed: 7);
        var batches = scenario.Arrival();
        var w = await WriteWithRestartHalfwayAsync(options, batches);

        var (expected, late) = SessionOracle.Run(batches, SessionTimeout, SessionLateBound);
        Assert.Equal(expected, await SessionRowsAsync(w));
        Assert.Equal(late.ToString(System.Globalization.CultureInfo.InvariantCulture), (await QueryAsync(w, "SELECT count(*) FROM session_late_events"))[0][0]);
        await AssertSessionRollupEqualsRecountAsync(w);

        // The scenario exercises every rule, or the equality above proves less than it claims.
        Assert.True(late > 0, "no event arrived beyond the late bound");
        Assert.Contains(expected, s => s.Split('|')[5] == "true");
        Assert.Contains(expected, s => s.Split('|')[8] != "null");
        // The sessions report equals the same recount: per hour of one day, and per campaign over a range.
        await using (var reports = ReportService.Open(Location, readOnly: true))
        {
            var day = new DateOnly(2024, 5, 1);
            var hourly = await reports.RunAsync(ReportKind.Sessions, new ReportOptions { Date = ReportDate.On(day) }, CancellationToken.None);
            Assert.Equal(["hour", "sessions", "bounces", "bounce_rate", "avg_duration_seconds", "events_per_session", "sessions_with_order", "conversion_rate"], hourly.Columns);
            Assert.Equal(
                SessionOracle.Report(expected, new DateTime(2024, 5, 1), new DateTime(2024, 5, 2), (start, _) => start.Hour.ToString(CultureInfo.InvariantCulture)),
                hourly.Rows.Select(r => SessionOracle.Line([.. r.Values])).Order(StringComparer.Ordinal).ToList());
            var byCampaign = await reports.RunAsync(
                ReportKind.Sessions,
                new ReportOptions { Date = ReportDate.On(day), Until = day.AddDays(3), Breakdown = Facet.Storage.Reports.Commerce.CommerceBreakdown.Campaign },
                CancellationToken.None);
            Assert.Equal(
                SessionOracle.Report(expected, new DateTime(2024, 5, 1), new DateTime(2024, 5, 4), (_, campaign) => campaign),
                byCampaign.Rows.Select(r => SessionOracle.Line([.. r.Values])).Order(StringComparer.Ordinal).ToList());
            Assert.True(byCampaign.Rows.Count > 1);
            Assert.Equal(ReportSourceKind.Rollups, byCampaign.Source);

            // Asia/Kolkata (+05:30): its day and hours are whole UTC quarter hours, so the session rollup answers exactly
            // there too — after the random arrival order and the restart above moved sessions between quarters.
            var kolkata = await reports.RunAsync(ReportKind.Sessions, new ReportOptions { Date = ReportDate.On(day), TimeZone = "Asia/Kolkata" }, CancellationToken.None);
            Assert.Equal(ReportSourceKind.Rollups, kolkata.Source);
            var ist = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");
            var expectedKolkata = SessionOracle.Report(
                expected, new DateTime(2024, 4, 30, 18, 30, 0), new DateTime(2024, 5, 1, 18, 30, 0),
                (start, _) => TimeZoneInfo.ConvertTimeFromUtc(start, ist).Hour.ToString(CultureInfo.InvariantCulture));
            Assert.True(expectedKolkata.Count > 1);
            Assert.Equal(expectedKolkata, kolkata.Rows.Select(r => SessionOracle.Line([.. r.Values])).Order(StringComparer.Ordinal).ToList());
        }

        var arrived = batches.SelectMany(b => b).ToList();
        Assert.NotEqual(arrived.OrderBy(e => e.Event.EventTime).Select(e => e.Event.EventId), arrived.Select(e => e.Event.EventId));
    }

    [Fact]
    public async Task Redelivered_events_change_no_session_and_sessions_can_be_turned_off()
    {
        var scenario = new SessionScenario(seed: 8, devices: 10);
        var w = await OpenAsync(new WarehouseOptions { SessionTimeout = SessionTimeout });
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(scenario.Events, [], []), CancellationToken.None);
        var once = await SessionRowsAsync(w);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(scenario.Events.Take(scenario.Events.Count / 2).ToList(), [], []), CancellationToken.None);
        Assert.Equal(once, await SessionRowsAsync(w));
        Assert.Equal(SessionOracle.Run([scenario.Events], SessionTimeout, TimeSpan.FromDays(365)).Sessions, once);

        var off = new SessionScenario(seed: 9, devices: 5);
        w = await ReopenAsync(w, new WarehouseOptions { SessionTimeout = TimeSpan.Zero });
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(off.Events, [], []), CancellationToken.None);
        Assert.Equal(once, await SessionRowsAsync(w));
    }
}
