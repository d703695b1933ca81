using System.Globalization;
using Facet.Core.Enrichment;
using Facet.Storage.Maintenance;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;
using Facet.Storage.Tests.Reports;
using Facet.Testing;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>Funnel progress (V014, issue 21), kept in the batch transaction, on every backend.</summary>
public abstract partial class WarehouseContractTests
{
    private static readonly FunnelDefinition ShopAnyOrder = FunnelDefinition.Shop with { Name = "shop-any", Mode = FunnelMode.AnyOrder };

    private async Task<List<string>> FunnelProgressRowsAsync(IWarehouse w) =>
        [.. (await QueryAsync(w, "SELECT funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key, user_agent_key, held_us FROM funnel_progress"))
            .Select(r => string.Join('|', r)).Order(StringComparer.Ordinal)];

    /// <summary>
    /// The events in time order, except that one in eight arrives late: up to six hours after its time, so some land
    /// inside a gap of a session already stored (re-splitting it) and some beyond the three-hour late bound.
    /// </summary>
    private static List<List<EnrichedEvent>> LateArrival(List<EnrichedEvent> events, int seed, int batchSize)
    {
        var random = new Random(seed);
        var arriving = events
            .Select(e => (Event: e, At: e.Event.EventTime.UtcDateTime.AddMinutes(random.Next(8) == 0 ? random.Next(10, 360) : 0)))
            .OrderBy(a => a.At).ThenBy(a => a.Event.Event.EventId, StringComparer.Ordinal)
            .Select(a => a.Event)
            .ToList();
        return [.. arriving.Chunk(batchSize).Select(c => c.ToList())];
    }

    private static async Task AssertFunnelsEqualTheRecountAsync(ReportService reports, List<EnrichedEvent> events, ReportSourceKind source)
    {
        foreach (var (tz, day) in new[] { ("UTC", new DateOnly(2024, 10, 26)), ("Asia/Kolkata", new DateOnly(2024, 10, 26)) })
        {
            foreach (var funnel in new[] { FunnelDefinition.Shop, ShopAnyOrder })
            {
                foreach (var by in new[] { "all", "store", "device", "medium" })
                {
                    var options = new ReportOptions { Date = ReportDate.On(day), TimeZone = tz, Funnel = funnel, Breakdown = CommerceBreakdowns.Parse(ReportKind.Funnel, by) };
                    var result = await reports.RunAsync(ReportKind.Funnel, options, CancellationToken.None);
                    var expected = CommerceOracle.Funnel(events, tz, day, by, funnel);
                    Assert.Contains(expected.Cast<FunnelRow>(), r => r.Step == 6 && r.Entered > 0);
                    Assert.Equal(expected, result.Rows);
                    Assert.Equal(source, result.Source);
                }
            }
        }
    }

    [Fact]
    public async Task Funnel_progress_equals_a_full_recount_across_late_events_that_re_split_sessions_and_a_restart()
    {
        var options = new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound };
        var scenario = new CommerceScenario(seed: 33);
        scenario.Generate(400, new DateTimeOffset(2024, 10, 25, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 10, 27, 2, 0, 0, TimeSpan.Zero));
        var batches = LateArrival(scenario.Events, seed: 5, batchSize: 150);
        var w = await WriteWithRestartHalfwayAsync(options, batches);

        // The arrival order exercises what it claims: events behind their device's latest by more than the session
        // timeout (they re-split or join stored sessions) and beyond the late bound (facts, not sessionized).
        var latest = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var (behindTimeout, beyondBound) = (0, 0);
        foreach (var e in batches.SelectMany(b => b).Where(e => e.Event.DeviceId is not null))
        {
            var t = e.Event.EventTime.UtcDateTime;
            if (latest.TryGetValue(e.Event.DeviceId!, out var last))
            {
                behindTimeout += last - t > SessionTimeout ? 1 : 0;
                beyondBound += last - t > SessionLateBound ? 1 : 0;
            }

            latest[e.Event.DeviceId!] = t > last ? t : last;
        }

        Assert.True(behindTimeout > 10 && beyondBound > 0, $"{behindTimeout} events behind the timeout, {beyondBound} beyond the late bound");
        Assert.NotEqual("0", (await QueryAsync(w, "SELECT count(*) FROM session_late_events"))[0][0]);

        await using var reports = ReportService.Open(Location, readOnly: true);
        await AssertFunnelsEqualTheRecountAsync(reports, scenario.Events, ReportSourceKind.Rollups);

        // What the table cannot answer reads the facts, and still equals the recount.
        var day = new ReportOptions { Date = ReportDate.On(new DateOnly(2024, 10, 26)) };
        var longer = FunnelDefinition.Shop with { Window = TimeSpan.FromHours(2) };
        var adHoc = await reports.RunAsync(ReportKind.Funnel, day with { Funnel = longer }, CancellationToken.None);
        Assert.Equal(ReportSourceKind.Facts, adHoc.Source);
        Assert.Equal(CommerceOracle.Funnel(scenario.Events, "UTC", new DateOnly(2024, 10, 26), "all", longer), adHoc.Rows);
        Assert.Equal(ReportSourceKind.Facts, (await reports.RunAsync(ReportKind.Funnel, day with { IncludeBots = true }, CancellationToken.None)).Source);

        // The rows kept batch by batch are exactly the ones V014's back-fill computes from all the facts at once; while
        // the back-fill is pending the report reads the facts.
        var incremental = await FunnelProgressRowsAsync(w);
        Assert.True(incremental.Count > 100, $"{incremental.Count} progress rows");
        await ExecuteAsync(w, "DELETE FROM funnel_progress");
        await ExecuteAsync(w, "INSERT INTO funnel_progress_backfill (device_id) SELECT DISTINCT device_id FROM fact_events WHERE device_id IS NOT NULL");
        var pending = await reports.RunAsync(ReportKind.Funnel, day, CancellationToken.None);
        Assert.Equal(ReportSourceKind.Facts, pending.Source);
        Assert.Equal(CommerceOracle.Funnel(scenario.Events, "UTC", new DateOnly(2024, 10, 26), "all", FunnelDefinition.Shop), pending.Rows);
        await w.MigrateAsync(CancellationToken.None);
        Assert.Equal("0", (await QueryAsync(w, "SELECT count(*) FROM funnel_progress_backfill"))[0][0]);
        Assert.Equal(incremental, await FunnelProgressRowsAsync(w));
        await AssertFunnelsEqualTheRecountAsync(reports, scenario.Events, ReportSourceKind.Rollups);
    }
    [Fact]
    public async Task Deferred_funnel_progress_queues_the_touched_devices_and_the_report_reads_the_facts_until_maintenance_computes_them()
    {
        var deferred = new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound, FunnelProgress = FunnelProgressMode.Deferred };
        var scenario = new CommerceScenario(seed: 34);
        scenario.Generate(300, new DateTimeOffset(2024, 10, 25, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 10, 27, 2, 0, 0, TimeSpan.Zero));
        var batches = LateArrival(scenario.Events, seed: 6, batchSize: 150);
        var half = batches.Count / 2;
        var w = await OpenAsync(deferred);
        foreach (var batch in batches.Take(half))
        {
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
        }

        // Deferred batches write no progress rows and queue exactly the devices with a human event of a step.
        var steps = FunnelDefinition.Shop.Collections.ToHashSet(StringComparer.Ordinal);
        var touched = batches.Take(half).SelectMany(b => b)
            .Where(e => !e.IsBot && e.Event.DeviceId is { Length: > 0 } && steps.Contains(e.Event.Collection))
            .Select(e => e.Event.DeviceId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        Assert.True(touched.Count > 20, $"{touched.Count} devices touched");
        Assert.Equal("0", (await QueryAsync(w, "SELECT count(*) FROM funnel_progress"))[0][0]);
        Assert.Equal(touched, (await QueryAsync(w, "SELECT device_id FROM funnel_progress_backfill")).Select(r => (string)r[0]!).Order(StringComparer.Ordinal));

        await using var reports = ReportService.Open(Location, readOnly: true);
        var day = new ReportOptions { Date = ReportDate.On(new DateOnly(2024, 10, 26)) };
        var arrived = batches.Take(half).SelectMany(b => b).ToList();
        var early = await reports.RunAsync(ReportKind.Funnel, day, CancellationToken.None);
        Assert.Equal(ReportSourceKind.Facts, early.Source);
        Assert.Equal(CommerceOracle.Funnel(arrived, "UTC", new DateOnly(2024, 10, 26), "all", FunnelDefinition.Shop), early.Rows);

        // Live batches after a restart rebuild their own devices; the queued ones stay queued, so the report keeps
        // reading the facts until maintenance has computed them.
        w = await ReopenAsync(w, new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound });
        foreach (var batch in batches.Skip(half))
        {
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
        }

        Assert.NotEqual("0", (await QueryAsync(w, "SELECT count(*) FROM funnel_progress"))[0][0]);
        Assert.Equal(ReportSourceKind.Facts, (await reports.RunAsync(ReportKind.Funnel, day, CancellationToken.None)).Source);
        await CloseAsync(w);

        var result = await WarehouseMaintenance.RunAsync(Location, new MaintenanceOptions { Analyze = false }, null, CancellationToken.None);
        Assert.Equal(touched.Count, result.FunnelDevicesComputed);
        w = await OpenAsync(deferred, migrate: false);
        Assert.Equal("0", (await QueryAsync(w, "SELECT count(*) FROM funnel_progress_backfill"))[0][0]);
        await AssertFunnelsEqualTheRecountAsync(reports, scenario.Events, ReportSourceKind.Rollups);

        // The rows are the ones a back-fill of every device from all the facts computes.
        var computed = await FunnelProgressRowsAsync(w);
        await ExecuteAsync(w, "DELETE FROM funnel_progress");
        await ExecuteAsync(w, "INSERT INTO funnel_progress_backfill (device_id) SELECT DISTINCT device_id FROM fact_events WHERE device_id IS NOT NULL");
        await CloseAsync(w);
        Assert.True((await WarehouseMaintenance.RunAsync(Location, new MaintenanceOptions { Analyze = false }, null, CancellationToken.None)).FunnelDevicesComputed > touched.Count);
        w = await OpenAsync(deferred, migrate: false);
        Assert.Equal(computed, await FunnelProgressRowsAsync(w));
    }
}
