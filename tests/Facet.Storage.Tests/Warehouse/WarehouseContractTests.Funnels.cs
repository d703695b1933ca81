using System.Globalization;
using Facet.Core.Enrichment;
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
        [.. (await QueryAsync(w, "SELECT funnel_id, device_id, entry_ts, prev_entry_ts, steps, convert_us, store_key, location_key, user_agent_key FROM funnel_progress"))
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
        var w = await OpenAsync(options);
        for (var i = 0; i < batches.Count; i++)
        {
            if (i == batches.Count / 2)
            {
                // A restart half-way: the progress so far is warehouse rows, nothing else carries over.
                await w.DisposeAsync();
                _opened.Remove(w);
                w = await OpenAsync(options, migrate: false);
            }

            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[i], [], []), CancellationToken.None);
        }

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
}
