using System.Globalization;
using Facet.Core.Enrichment;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;
using Facet.Testing;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// Funnel progress continued from its stored walk state (V017, V019; the in-order path, FunnelCandidates.Continue)
/// gives exactly the rows of a back-fill from all the facts, and falls back to the rebuild wherever it cannot prove
/// the new events come after the stored facts, on every backend.
/// </summary>
public abstract partial class WarehouseContractTests
{
    private static readonly HashSet<string> StepCollections = new(FunnelDefinition.Shop.Collections, StringComparer.Ordinal);

    /// <summary>The events in time order (then id), in batches: every device's new events come after its stored ones.</summary>
    private static List<List<EnrichedEvent>> InOrder(IEnumerable<EnrichedEvent> events, int batchSize) =>
        [.. events.OrderBy(e => e.Event.EventTime.UtcDateTime).ThenBy(e => e.Event.EventId, StringComparer.Ordinal)
            .Chunk(batchSize).Select(c => c.ToList())];

    /// <summary>
    /// The stored rows a batch's events can reach, as SQL: of each device with a human step event in it, those from the
    /// quarter hour of its earliest one minus the window (FunnelProgressWriter's scope).
    /// </summary>
    private static string ReachableRows(List<EnrichedEvent> batch)
    {
        var reach = batch.Where(e => !e.IsBot && e.Event.DeviceId is { Length: > 0 } && StepCollections.Contains(e.Event.Collection))
            .GroupBy(e => e.Event.DeviceId!, StringComparer.Ordinal)
            .Select(g =>
            {
                var from = g.Min(e => e.Event.EventTime.UtcDateTime) - TimeSpan.FromHours(1);
                from = new DateTime(from.Ticks - from.Ticks % TimeSpan.FromMinutes(15).Ticks, DateTimeKind.Utc);
                return $"(device_id = '{g.Key}' AND entry_ts >= TIMESTAMPTZ '{from.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)}+00')";
            })
            .ToList();
        Assert.NotEmpty(reach);
        return string.Join(" OR ", reach);
    }

    /// <summary>
    /// Marks (location_key → -1000 - key) the stored rows a batch's events can reach. A rebuild rewrites every marked
    /// row (a marked row differs from the one computed from the facts); a continued device leaves the ones its new
    /// events do not change as they are.
    /// </summary>
    private Task MarkReachableRowsAsync(IWarehouse w, List<EnrichedEvent> batch) =>
        ExecuteAsync(w, $"UPDATE funnel_progress SET location_key = -1000 - location_key WHERE {ReachableRows(batch)}");

    private async Task<int> MarkedRowsAsync(IWarehouse w) =>
        int.Parse((await QueryAsync(w, "SELECT count(*) FROM funnel_progress WHERE location_key <= -1000"))[0][0], CultureInfo.InvariantCulture);

    private Task UnmarkRowsAsync(IWarehouse w) =>
        ExecuteAsync(w, "UPDATE funnel_progress SET location_key = -1000 - location_key WHERE location_key <= -1000");

    /// <summary>The rows as they are, then as a back-fill of every device from all the facts computes them.</summary>
    private async Task<(List<string> Stored, List<string> BackFilled)> FunnelRowsAndBackFillAsync(IWarehouse w)
    {
        var stored = await FunnelProgressRowsAsync(w);
        await ExecuteAsync(w, "DELETE FROM funnel_progress");
        await ExecuteAsync(w, "INSERT INTO funnel_progress_backfill (device_id) SELECT DISTINCT device_id FROM fact_events WHERE device_id IS NOT NULL");
        await w.MigrateAsync(CancellationToken.None);
        return (stored, await FunnelProgressRowsAsync(w));
    }

    /// <summary>
    /// Moves up to <paramref name="count"/> human step events into a later batch that brings other events of their
    /// device, by then more than the session late bound (plus an hour) behind its stored events: a batch whose other
    /// events of the device are in order, with one that must not be taken for a continuation. Returns how many moved.
    /// </summary>
    private static int HoldBackBeyondTheLateBound(List<List<EnrichedEvent>> batches, int count)
    {
        var moved = 0;
        for (var a = 0; a < batches.Count && moved < count; a++)
        {
            foreach (var e in batches[a].ToList())
            {
                if (e.IsBot || e.Event.DeviceId is not { } device || !StepCollections.Contains(e.Event.Collection))
                {
                    continue;
                }

                var time = e.Event.EventTime.UtcDateTime;
                var latest = DateTime.MinValue;
                for (var j = a; j < batches.Count; j++)
                {
                    var ofDevice = batches[j].Where(x => x != e && x.Event.DeviceId == device).ToList();
                    if (j > a && ofDevice.Count > 0 && latest - time > SessionLateBound + TimeSpan.FromHours(1))
                    {
                        batches[a].Remove(e);
                        batches[j].Add(e);
                        moved++;
                        break;
                    }

                    foreach (var x in ofDevice)
                    {
                        latest = x.Event.EventTime.UtcDateTime > latest ? x.Event.EventTime.UtcDateTime : latest;
                    }
                }

                if (moved == count || batches[a].Count == 0 || !batches[a].Contains(e))
                {
                    break;
                }
            }
        }

        Assert.True(moved > 0, "no event to hold back");
        return moved;
    }

    [Fact]
    public async Task Funnel_rows_continued_from_their_walk_state_batch_by_batch_equal_a_back_fill_and_the_recount()
    {
        var options = new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound };
        var scenario = new CommerceScenario(seed: 35);
        scenario.Generate(400, new DateTimeOffset(2024, 10, 25, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 10, 27, 2, 0, 0, TimeSpan.Zero));
        var batches = InOrder(scenario.Events, batchSize: 60);
        var heldBack = HoldBackBeyondTheLateBound(batches, 3);
        var w = await OpenAsync(options);
        var marked = new List<int>();
        var stateless = 0;
        for (var i = 0; i < batches.Count; i++)
        {
            if (i % 4 == 1)
            {
                // Rows as written before V017 (no walk state) where this batch reaches them: their devices are rebuilt,
                // which writes it.
                await ExecuteAsync(w, $"UPDATE funnel_progress SET held_us = NULL WHERE {ReachableRows(batches[i])}");
                stateless += int.Parse((await QueryAsync(w, "SELECT count(*) FROM funnel_progress WHERE held_us IS NULL"))[0][0], CultureInfo.InvariantCulture);
            }

            var probe = i % 3 == 2;
            if (probe)
            {
                await MarkReachableRowsAsync(w, batches[i]);
            }

            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[i], [], []), CancellationToken.None);
            if (probe)
            {
                marked.Add(await MarkedRowsAsync(w));
                await UnmarkRowsAsync(w);
            }
        }

        // Both backends continued the in-order devices (their unchanged rows kept the mark). A probe leaves none where
        // every reachable row changed (a visit's funnel moving on), so the sum counts.
        Assert.True(marked.Count >= 3, $"{batches.Count} batches");
        Assert.True(marked.Sum() > 0, $"marked rows left per probed batch: {string.Join(", ", marked)}");

        Assert.True(stateless > 5, $"{stateless} rows without walk state");
        Assert.Equal(heldBack.ToString(CultureInfo.InvariantCulture), (await QueryAsync(w, "SELECT count(*) FROM session_late_events"))[0][0]);
        Assert.Equal("0", (await QueryAsync(w, "SELECT count(*) FROM funnel_progress WHERE held_us IS NULL"))[0][0]);
        await using var reports = ReportService.Open(Location, readOnly: true);
        await AssertFunnelsEqualTheRecountAsync(reports, scenario.Events, ReportSourceKind.Rollups);
        var (stored, backFilled) = await FunnelRowsAndBackFillAsync(w);
        Assert.True(stored.Count > 100, $"{stored.Count} progress rows");
        Assert.Equal(backFilled, stored);
    }

    [Fact]
    public async Task After_a_batch_loaded_with_sessions_off_every_device_is_rebuilt_from_its_facts()
    {
        var options = new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound };
        var scenario = new CommerceScenario(seed: 36);
        scenario.Generate(300, new DateTimeOffset(2024, 10, 25, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 10, 27, 2, 0, 0, TimeSpan.Zero));
        var ordered = InOrder(scenario.Events, batchSize: 1).Select(b => b[0]).ToList();
        int At(double share) => (int)(ordered.Count * share);

        // Facts from 60 to 80 % of the stream loaded with sessions off lie after every session the first 40 % made; the
        // next batches bring the events between them: after their devices' latest sessions, before their stored facts.
        var w = await OpenAsync(options);
        foreach (var batch in InOrder(ordered.Take(At(0.4)), 100))
        {
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
        }

        Assert.Equal("0", (await QueryAsync(w, "SELECT count(*) FROM warehouse_flags"))[0][0]);
        w = await ReopenAsync(w, new WarehouseOptions { SessionTimeout = TimeSpan.Zero, SessionLateBound = SessionLateBound });
        foreach (var batch in InOrder(ordered.Skip(At(0.6)).Take(At(0.8) - At(0.6)), 100))
        {
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
        }

        Assert.Equal([["facts_without_sessions"]], await QueryAsync(w, "SELECT name FROM warehouse_flags"));
        w = await ReopenAsync(w, options);
        var rest = InOrder(ordered.Skip(At(0.4)).Take(At(0.6) - At(0.4)).Concat(ordered.Skip(At(0.8))), 100);
        var marked = new List<int>();
        foreach (var batch in rest)
        {
            await MarkReachableRowsAsync(w, batch);
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
            marked.Add(await MarkedRowsAsync(w));
            await UnmarkRowsAsync(w);
        }

        Assert.All(marked, m => Assert.Equal(0, m));
        await using var reports = ReportService.Open(Location, readOnly: true);
        await AssertFunnelsEqualTheRecountAsync(reports, scenario.Events, ReportSourceKind.Rollups);
        var (stored, backFilled) = await FunnelRowsAndBackFillAsync(w);
        Assert.Equal(backFilled, stored);
    }
}
