using System.Globalization;
using Facet.Core.Enrichment;
using Facet.Storage.Reports;
using Facet.Storage.Tests.Sessions;
using Facet.Testing;
using Microsoft.Extensions.Logging;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// Sessions and funnel progress written by trailing transactions (WarehouseOptions.TrailDerivedWrites, V023): on a
/// backend that runs them (PostgreSQL), its test class calls these.
/// </summary>
public abstract partial class WarehouseContractTests
{
    private static WarehouseOptions Trailing(TimeSpan? gatherTime = null, long queuedEvents = WarehouseOptions.DefaultTrailQueuedEvents) => new()
    {
        SessionTimeout = SessionTimeout,
        SessionLateBound = SessionLateBound,
        TrailDerivedWrites = true,
        TrailGatherTime = gatherTime ?? WarehouseOptions.DefaultTrailGatherTime,
        TrailQueuedEvents = queuedEvents,
    };

    private async Task<int> PendingBatchesAsync(IWarehouse w) =>
        int.Parse((await QueryAsync(w, "SELECT count(*) FROM derived_pending"))[0][0], CultureInfo.InvariantCulture);

    /// <summary>
    /// Sessions, late events, the session rollup and funnel progress equal the recounts of <paramref name="batches"/> as
    /// they arrived, and the rollups (which trail their batches too, V026) the recount of the facts.
    /// </summary>
    private async Task AssertDerivedRowsEqualTheRecountsAsync(IWarehouse w, List<List<EnrichedEvent>> batches)
    {
        await AssertRollupsEqualRecountAsync(w);
        var (sessions, late) = SessionOracle.Run(batches, SessionTimeout, SessionLateBound);
        Assert.Equal(sessions, await SessionRowsAsync(w));
        Assert.Equal(late.ToString(CultureInfo.InvariantCulture), (await QueryAsync(w, "SELECT count(*) FROM session_late_events"))[0][0]);
        await AssertSessionRollupEqualsRecountAsync(w);
        var (stored, backFilled) = await FunnelRowsAndBackFillAsync(w);
        Assert.Equal(backFilled, stored);
    }

    /// <summary>
    /// Late and out-of-order events in many batches, written with trailing transactions of which some fail before they
    /// commit — as a process stopping between a batch's two commits leaves it: pending, its facts stored — one of them
    /// just before a restart. The next write recovers each; at the end the sessions, the late events, the session
    /// rollup and the funnel progress equal the recounts from the events alone, as when written inline.
    /// </summary>
    protected async Task TrailingDerivedRowsEqualTheRecountsAcrossFailedTrailsAndARestartAsync()
    {
        var scenario = new CommerceScenario(seed: 35);
        scenario.Generate(400, new DateTimeOffset(2024, 10, 25, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 10, 27, 2, 0, 0, TimeSpan.Zero));
        var batches = LateArrival(scenario.Events, seed: 7, batchSize: 100);
        var restartAt = batches.Count / 2;
        Assert.True(restartAt > 5, $"{batches.Count} batches");
        var failing = new HashSet<int> { 1, 4, restartAt - 1 };
        var failNext = 0;
        using var logs = new RecordingLoggerFactory();
        var options = Trailing();
        options.BeforeTrailCommit = () =>
        {
            if (Interlocked.Exchange(ref failNext, 0) == 1)
            {
                throw new InvalidOperationException("injected: the process stops before the trailing transaction commits");
            }
        };

        var w = await OpenAsync(options, logs: logs);
        for (var i = 0; i < batches.Count; i++)
        {
            if (i == restartAt)
            {
                // The trail before the restart failed; the earlier failed ones were recovered by the writes after them.
                await CloseAsync(w);
                Assert.Equal(1, await PendingBatchesAsync(w));
                w = await OpenAsync(options, migrate: false, logs: logs);
            }

            if (failing.Contains(i))
            {
                // The next trail to commit is this batch's.
                await w.FlushAsync(CancellationToken.None);
                Volatile.Write(ref failNext, 1);
            }

            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[i], [], []), CancellationToken.None);
        }

        await w.FlushAsync(CancellationToken.None);
        Assert.Equal(0, await PendingBatchesAsync(w));
        // The batches committed after a failed trail and before a write saw it (up to the trail queue's 8) are left
        // pending too, and recovered after it in order.
        Assert.Equal(3, logs.At(LogLevel.Warning, "A trailing transaction").Count());
        const string Recovered = "Recovered the sessions and funnel progress of batches left pending: ";
        Assert.InRange(logs.At(LogLevel.Information, Recovered).Sum(l => int.Parse(l[(l.IndexOf(Recovered, StringComparison.Ordinal) + Recovered.Length)..], CultureInfo.InvariantCulture)), 3, 3 * 9);

        var (sessions, late) = SessionOracle.Run(batches, SessionTimeout, SessionLateBound);
        Assert.Equal(sessions, await SessionRowsAsync(w));
        Assert.True(late > 0, "no event arrived beyond the late bound");
        Assert.Equal(late.ToString(CultureInfo.InvariantCulture), (await QueryAsync(w, "SELECT count(*) FROM session_late_events"))[0][0]);
        await AssertSessionRollupEqualsRecountAsync(w);
        await using (var reports = ReportService.Open(Location, readOnly: true))
        {
            await AssertFunnelsEqualTheRecountAsync(reports, scenario.Events, ReportSourceKind.Rollups);
        }

        var (stored, backFilled) = await FunnelRowsAndBackFillAsync(w);
        Assert.True(stored.Count > 100, $"{stored.Count} progress rows");
        Assert.Equal(backFilled, stored);
    }

    /// <summary>
    /// Batches committed while a trailing transaction is held before it begins queue up, and the next trail writes them
    /// together, in fewer transactions than batches, except where an event is late because of a batch before it in the
    /// queue (DerivedWrite.Merge). Late and out-of-order events throughout: the sessions, the late events, the session
    /// rollup and the funnel progress equal the recounts of the batches as they arrived.
    /// </summary>
    protected async Task TrailsQueuedBehindAHeldOneAreWrittenTogetherAndEqualTheRecountsAsync()
    {
        var scenario = new CommerceScenario(seed: 35);
        scenario.Generate(400, new DateTimeOffset(2024, 10, 25, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 10, 27, 2, 0, 0, TimeSpan.Zero));
        var batches = LateArrival(scenario.Events, seed: 7, batchSize: 100);
        Assert.True(batches.Count > 16, $"{batches.Count} batches");
        using var beginning = new SemaphoreSlim(0);
        using var mayBegin = new SemaphoreSlim(0);
        var hold = 0;
        using var logs = new RecordingLoggerFactory();
        var options = Trailing();
        options.BeforeTrailBegin = () =>
        {
            if (Interlocked.Exchange(ref hold, 0) == 1)
            {
                beginning.Release();
                Assert.True(mayBegin.Wait(TimeSpan.FromMinutes(1)));
            }
        };

        var w = await OpenAsync(options, logs: logs);
        const int Queued = 7;
        for (var i = 0; i < batches.Count; i += Queued + 1)
        {
            // The trail of batch i holds before it begins; the next ones commit and queue behind it.
            await w.FlushAsync(CancellationToken.None);
            Volatile.Write(ref hold, 1);
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[i], [], []), CancellationToken.None);
            Assert.True(await beginning.WaitAsync(TimeSpan.FromMinutes(1)));
            foreach (var batch in batches.Skip(i + 1).Take(Queued))
            {
                await w.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
            }

            Assert.Equal(Math.Min(Queued + 1, batches.Count - i), await PendingBatchesAsync(w));
            mayBegin.Release();
        }

        await w.FlushAsync(CancellationToken.None);
        Assert.Equal(0, await PendingBatchesAsync(w));
        await CloseAsync(w);
        w = await OpenAsync(options, migrate: false);

        var trails = logs.At(LogLevel.Debug, "Trailing transactions: ").Single();
        var counts = System.Text.RegularExpressions.Regex.Match(trails, @"Trailing transactions: (\d+) for (\d+) batches");
        var (transactions, trailed) = (int.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(counts.Groups[2].Value, CultureInfo.InvariantCulture));
        Assert.Equal(batches.Count, trailed);
        Assert.True(transactions < batches.Count, trails);

        var (_, late) = SessionOracle.Run(batches, SessionTimeout, SessionLateBound);
        Assert.True(late > 0, "no event arrived beyond the late bound");
        await AssertDerivedRowsEqualTheRecountsAsync(w, batches);
        await using var reports = ReportService.Open(Location, readOnly: true);
        await AssertFunnelsEqualTheRecountAsync(reports, scenario.Events, ReportSourceKind.Rollups);
    }

    /// <summary>
    /// A trailing transaction waits its gather time (WarehouseOptions.TrailGatherTime) for the next batch: one committed
    /// two seconds after the first still joins its trail, which writes both in one transaction; with no gather time (as
    /// <c>facet load</c> runs) a batch's trail begins at once and takes it alone; and a trail whose queue reaches
    /// WarehouseOptions.TrailQueuedEvents begins without waiting out its gather time. The derived rows equal the
    /// recounts every way.
    /// </summary>
    protected async Task ATrailWaitsItsGatherTimeForTheNextBatchAndWritesBothInOneTransactionAsync()
    {
        var scenario = new CommerceScenario(seed: 35);
        scenario.Generate(600, new DateTimeOffset(2024, 10, 25, 17, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 10, 27, 2, 0, 0, TimeSpan.Zero));
        var batches = LateArrival(scenario.Events, seed: 7, batchSize: 100).Take(6).ToList();
        using var logs = new RecordingLoggerFactory();
        var w = await OpenAsync(Trailing(TimeSpan.FromMinutes(5)), logs: logs);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[0], [], []), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(1, await PendingBatchesAsync(w));
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[1], [], []), CancellationToken.None);
        await w.FlushAsync(CancellationToken.None);
        Assert.Equal(0, await PendingBatchesAsync(w));
        await CloseAsync(w);
        Assert.Matches("Trailing transactions: 1 for 2 batches", logs.At(LogLevel.Debug, "Trailing transactions: ").Single());

        using var eager = new RecordingLoggerFactory();
        w = await OpenAsync(Trailing(TimeSpan.Zero), migrate: false, logs: eager);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[2], [], []), CancellationToken.None);
        await Eventually.Until(() => PendingBatchesAsync(w), pending => pending == 0, TimeSpan.FromMinutes(1), "the batch's trail");
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[3], [], []), CancellationToken.None);
        await w.FlushAsync(CancellationToken.None);
        await CloseAsync(w);
        Assert.Matches("Trailing transactions: 2 for 2 batches", eager.At(LogLevel.Debug, "Trailing transactions: ").Single());

        // A queue bound one event above the first batch's events with a device (the events a trail walks): that batch
        // waits for the next, and the two begin their trail long before the five minutes are out.
        using var bounded = new RecordingLoggerFactory();
        var bound = batches[4].Count(e => e.Event.DeviceId is not null) + 1;
        w = await OpenAsync(Trailing(TimeSpan.FromMinutes(5), bound), migrate: false, logs: bounded);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[4], [], []), CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await PendingBatchesAsync(w));
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[5], [], []), CancellationToken.None);
        await Eventually.Until(() => PendingBatchesAsync(w), pending => pending == 0, TimeSpan.FromMinutes(1), "the full queue's trail");
        await CloseAsync(w);
        Assert.Matches("Trailing transactions: 1 for 2 batches", bounded.At(LogLevel.Debug, "Trailing transactions: ").Single());

        w = await OpenAsync(Trailing(), migrate: false);
        await AssertDerivedRowsEqualTheRecountsAsync(w, batches);
    }

    /// <summary>
    /// A batch's trailing transaction that has begun holds its pending row: another process's recovery skips it. One
    /// that has not begun yet is left to it too while its process lives (V024: the process's owner lock), and once the
    /// process is gone (its owner session ended, as at a crash) a recovery takes the batch, rebuilds the batch's devices
    /// from their facts, and the trailing transaction then writes nothing (its claim finds no row): nothing is counted
    /// twice. The report cache's data version moves when a trailing transaction commits, though it logs no batch.
    /// </summary>
    /// <param name="endOwnerSession">Ends the session holding the owner lock of the process that marked the one pending batch.</param>
    protected async Task ARecoveryTakesOnlyBatchesWhoseTrailHasNotBegunAndWhoseProcessIsGoneAsync(Func<IWarehouse, Task> endOwnerSession)
    {
        var scenario = new SessionScenario(seed: 11, devices: 30);
        var batches = scenario.Arrival();
        Assert.True(batches.Count >= 3, $"{batches.Count} batches");
        using var committing = new SemaphoreSlim(0);
        using var mayCommit = new SemaphoreSlim(0);
        using var beginning = new SemaphoreSlim(0);
        using var mayBegin = new SemaphoreSlim(0);
        var hold = 0; // 1: hold the next trail before it commits; 2: before it begins
        var options = Trailing();
        options.BeforeTrailCommit = () =>
        {
            if (Interlocked.CompareExchange(ref hold, 0, 1) == 1)
            {
                committing.Release();
                Assert.True(mayCommit.Wait(TimeSpan.FromMinutes(1)));
            }
        };
        options.BeforeTrailBegin = () =>
        {
            if (Interlocked.CompareExchange(ref hold, 0, 2) == 2)
            {
                beginning.Release();
                Assert.True(mayBegin.Wait(TimeSpan.FromMinutes(1)));
            }
        };

        var w = await OpenAsync(options);
        var other = await OpenAsync(new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound }, migrate: false);
        await using var reports = ReportService.Open(Location, readOnly: true);

        // Begun: the pending row is locked by the trailing transaction, and the recovery passes it by.
        Volatile.Write(ref hold, 1);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[0], [], []), CancellationToken.None);
        Assert.True(await committing.WaitAsync(TimeSpan.FromMinutes(1)));
        var pendingVersion = await reports.GetDataVersionAsync();
        Assert.Equal(1, pendingVersion.Clickstream.PendingDerived);
        Assert.Equal("0", (await QueryAsync(w, "SELECT count(*) FROM fact_sessions"))[0][0]);
        await other.FlushAsync(CancellationToken.None);
        Assert.Equal(1, await PendingBatchesAsync(w));
        mayCommit.Release();
        await w.FlushAsync(CancellationToken.None);
        var trailedVersion = await reports.GetDataVersionAsync();
        Assert.Equal(0, trailedVersion.Clickstream.PendingDerived);
        Assert.Equal(pendingVersion.LastBatchId, trailedVersion.LastBatchId);
        Assert.NotEqual(pendingVersion.KeyFor(StreamFamilies.Clickstream), trailedVersion.KeyFor(StreamFamilies.Clickstream));
        Assert.NotEqual(pendingVersion.ToString(), trailedVersion.ToString());

        // Not begun, its process alive: another process's recovery leaves the batch to it.
        Volatile.Write(ref hold, 2);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[1], [], []), CancellationToken.None);
        Assert.True(await beginning.WaitAsync(TimeSpan.FromMinutes(1)));
        var other2 = await OpenAsync(new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound }, migrate: false);
        await other2.FlushAsync(CancellationToken.None);
        Assert.Equal(1, await PendingBatchesAsync(w));

        // Not begun, its process gone (as after a crash): another process's recovery takes the batch, and the trailing
        // transaction then finds nothing to claim.
        await endOwnerSession(w);
        var other3 = await OpenAsync(new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound }, migrate: false);
        await other3.FlushAsync(CancellationToken.None);
        Assert.Equal(0, await PendingBatchesAsync(w));
        // Every derived row as the recovery wrote it, by the transaction that wrote it (xmin: PostgreSQL).
        const string Writers = "SELECT 's' || xmin::text FROM fact_sessions UNION ALL SELECT 'f' || xmin::text FROM funnel_progress " +
            "UNION ALL SELECT 'r' || xmin::text FROM session_rollup UNION ALL SELECT 'l' || xmin::text FROM session_late_events ORDER BY 1";
        var recovered = await QueryAsync(w, Writers);
        Assert.NotEmpty(recovered);
        mayBegin.Release();
        await w.FlushAsync(CancellationToken.None);
        Assert.Equal(recovered, await QueryAsync(w, Writers));

        foreach (var batch in batches.Skip(2))
        {
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
        }

        await w.FlushAsync(CancellationToken.None);
        await AssertDerivedRowsEqualTheRecountsAsync(w, batches);
    }

    /// <summary>
    /// A batch left pending without an owner (marked before V024) is any process's to recover: another live writer's
    /// first write takes it, though the process that wrote the batch still lives, and the derived rows equal the
    /// recount.
    /// </summary>
    protected async Task APendingBatchOfUnknownOwnerIsRecoveredByAnyProcessAsync()
    {
        var scenario = new SessionScenario(seed: 5, devices: 30);
        var batches = scenario.Arrival();
        Assert.True(batches.Count >= 3, $"{batches.Count} batches");
        var fail = 0;
        var options = Trailing();
        options.BeforeTrailCommit = () =>
        {
            if (Interlocked.Exchange(ref fail, 0) == 1)
            {
                throw new InvalidOperationException("injected: the trailing transaction fails");
            }
        };

        var w = await OpenAsync(options);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[0], [], []), CancellationToken.None);
        await w.FlushAsync(CancellationToken.None);
        Volatile.Write(ref fail, 1);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[1], [], []), CancellationToken.None);
        await Eventually.Until(() => PendingBatchesAsync(w), pending => pending == 1 && Volatile.Read(ref fail) == 0, TimeSpan.FromMinutes(1), "the failed trail");
        await ExecuteAsync(w, "UPDATE derived_pending SET owner = NULL");

        // Another writer, its own owner number taken before its first write's recovery, while w still lives.
        var other = await OpenAsync(Trailing(), migrate: false);
        foreach (var batch in batches.Skip(2))
        {
            await other.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
        }

        await other.FlushAsync(CancellationToken.None);
        Assert.Equal(0, await PendingBatchesAsync(w));
        await AssertDerivedRowsEqualTheRecountsAsync(w, batches);
    }

    /// <summary>
    /// A batch none of whose events has a device has no trail: it writes its rollups itself, so they equal the recount as
    /// soon as it commits, nothing pending; the trailed batches beside it add theirs once.
    /// </summary>
    protected async Task ABatchWithoutDevicesWritesItsOwnRollupsBesideTrailedOnesAsync()
    {
        var w = await OpenAsync(Trailing(TimeSpan.FromMinutes(5)));
        EnrichedEvent[] withDevices = [TestEvents.Event("t1", productId: "7"), TestEvents.Event("t2", productId: "8", deviceId: "dev-2")];
        EnrichedEvent[] without = [TestEvents.Event("n1", productId: "8", deviceId: null), TestEvents.Event("n2", productId: "9", country: "FR", deviceId: null)];
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(withDevices, [], []), CancellationToken.None);
        await w.FlushAsync(CancellationToken.None);

        await w.WriteBatchAsync(WarehouseBatch.Clickstream(without, [], []), CancellationToken.None);
        Assert.Equal(0, await PendingBatchesAsync(w));
        await AssertRollupsEqualRecountAsync(w);

        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("t3", productId: "9", country: "FR")], [], []), CancellationToken.None);
        Assert.Equal(1, await PendingBatchesAsync(w));
        await w.FlushAsync(CancellationToken.None);
        await AssertRollupsEqualRecountAsync(w);
    }

    /// <summary>
    /// A batch left pending by a process before V026 wrote its rollups in its own transaction (its row's <c>rollups</c>
    /// is false): the recovery rebuilds its sessions and funnel progress and leaves its rollups as they are — recounting
    /// them from its facts, as it does for a batch whose rollups trailed it, would count them twice.
    /// </summary>
    protected async Task ABatchMarkedPendingBeforeRollupsTrailedIsRecoveredWithoutCountingItsRollupsAgainAsync()
    {
        var batches = new SessionScenario(seed: 9, devices: 30).Arrival();
        var inline = new WarehouseOptions { SessionTimeout = SessionTimeout, SessionLateBound = SessionLateBound };
        var w = await OpenAsync(inline);
        foreach (var batch in batches)
        {
            await w.WriteBatchAsync(WarehouseBatch.Clickstream(batch, [], []), CancellationToken.None);
        }

        await ExecuteAsync(w, "INSERT INTO derived_pending (ingested_at, event_dates) SELECT ingested_at, array_agg(DISTINCT event_date) FROM fact_events GROUP BY ingested_at ORDER BY ingested_at DESC LIMIT 1");
        Assert.Equal(1, await PendingBatchesAsync(w));
        await CloseAsync(w);

        // Its sessions were written too here, so their rebuild is not compared (a rebuild from the facts counts the
        // late events in, which the batch's own in-order write kept out); the rollups are the point.
        w = await OpenAsync(Trailing(), migrate: false);
        await w.FlushAsync(CancellationToken.None);
        Assert.Equal(0, await PendingBatchesAsync(w));
        await AssertRollupsEqualRecountAsync(w);
    }

    /// <summary>
    /// A trailing transaction that begins only once the next batch has committed its facts: those are still pending, so
    /// the trail leaves them out of the sessions and funnel walks it rebuilds (a late event sends each device down the
    /// rebuild), and the next trail adds them once, extending in order. Sessions and funnel progress equal the
    /// recount and the back-fill.
    /// </summary>
    protected async Task ATrailLeavesOutTheFactsOfTheBatchCommittedBesideItAsync()
    {
        var t0 = new DateTimeOffset(2024, 6, 14, 10, 0, 0, TimeSpan.Zero);
        string[] devices = ["dev-1", "dev-2", "dev-3"];
        List<EnrichedEvent> Batch(string prefix, params (int Minutes, string Collection)[] events) =>
            [.. devices.SelectMany((d, n) => events.Select((e, k) =>
                TestEvents.Event($"{prefix}-{n}-{k}", t0.AddMinutes(e.Minutes + n), e.Collection, deviceId: d)))];
        List<List<EnrichedEvent>> batches =
        [
            Batch("stored", (0, "view_product_detail"), (5, "select_product_option")),
            Batch("late", (-2, "view_product_detail"), (6, "add_to_cart_action")),
            Batch("next", (10, "view_shopping_cart"), (12, "checkout"), (14, "checkout_success")),
        ];
        using var beginning = new SemaphoreSlim(0);
        using var mayBegin = new SemaphoreSlim(0);
        var hold = 0;
        var options = Trailing();
        options.BeforeTrailBegin = () =>
        {
            if (Interlocked.Exchange(ref hold, 0) == 1)
            {
                beginning.Release();
                Assert.True(mayBegin.Wait(TimeSpan.FromMinutes(1)));
            }
        };

        var w = await OpenAsync(options);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[0], [], []), CancellationToken.None);
        await w.FlushAsync(CancellationToken.None);
        Volatile.Write(ref hold, 1);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[1], [], []), CancellationToken.None);
        Assert.True(await beginning.WaitAsync(TimeSpan.FromMinutes(1)));
        await w.WriteBatchAsync(WarehouseBatch.Clickstream(batches[2], [], []), CancellationToken.None);
        Assert.Equal(2, await PendingBatchesAsync(w));
        mayBegin.Release();
        await w.FlushAsync(CancellationToken.None);

        Assert.Equal(0, await PendingBatchesAsync(w));
        var (sessions, _) = SessionOracle.Run(batches, SessionTimeout, SessionLateBound);
        Assert.Equal(devices.Length, sessions.Count);
        Assert.Equal(sessions, await SessionRowsAsync(w));
        await AssertSessionRollupEqualsRecountAsync(w);
        var (stored, backFilled) = await FunnelRowsAndBackFillAsync(w);
        Assert.NotEmpty(stored);
        Assert.Equal(backFilled, stored);
    }
}
