using Facet.Core.Enrichment;
using Facet.Core.Streams;
using Facet.Storage.Streams;

namespace Facet.Storage.Internal;

/// <summary>
/// The clickstream's tables, written in the batch transaction: unseen dimension members → facts not already stored →
/// report rollups of exactly what was inserted → the sessions of the devices those facts belong to → their funnel
/// progress, these last two here or, when the batch transaction trails them (PostgreSQL in the pipelines), in a
/// transaction of their own after it (<see cref="DerivedWrite"/>; the batch is marked pending here). Duplicates are
/// decided here once: within the batch and against this writer's recent batches by <see cref="PreparedClickstream"/>
/// (<see cref="RecentFactKeys"/>), against the warehouse by the fact insert.
/// </summary>
internal sealed class ClickstreamWriter(WarehouseBase warehouse) : StreamTableWriter<EnrichedEvent, PreparedClickstream>
{
    // The keys of this writer's last preparations: a duplicate of a recent batch's event is dropped when its batch is
    // prepared, not found by the fact insert (RecentFactKeys says why).
    private readonly RecentFactKeys _recent = new();

    public override string Stream => StreamNames.Clickstream;

    protected override PreparedClickstream PrepareCore(IReadOnlyList<EnrichedEvent> records) =>
        PreparedClickstream.Prepare(records, warehouse.WriteOptions, warehouse.PrivacyRules, _recent);

    // Events dropped as duplicates of an earlier batch are stored only if that batch committed; when one did not (it was
    // dropped on a revocation, rolled back, read again after a resync) the fact insert decides for every event.
    protected override PreparedClickstream ForWrite(PreparedClickstream prepared, IReadOnlyList<EnrichedEvent> records)
    {
        if (prepared.HeldAgainstCommittedBatches)
        {
            return prepared;
        }

        Log.EarlierBatchNotCommitted(warehouse.Logger, prepared.EarlierBatchDuplicates);
        return PreparedClickstream.Prepare(records, warehouse.WriteOptions, warehouse.PrivacyRules, recent: null);
    }

    protected override Task BeforeTransactionAsync(PreparedClickstream prepared, CancellationToken ct) =>
        warehouse.BeforeFactsAsync(prepared.Days, ct);

    protected override async Task<StreamWriteOutcome> WriteAsync(BatchTransaction transaction, PreparedClickstream prepared, DateTime nowUtc, CancellationToken ct)
    {
        warehouse.Step(WriteStep.Dimensions, ct);
        await transaction.ResolveDimensionsAsync(prepared.FindMisses(warehouse.Dimensions), warehouse.Dimensions, warehouse.PrivacyRules, ct);
        prepared.AssignKeys(warehouse.Dimensions);

        warehouse.Step(WriteStep.Facts, ct);
        var inserted = await transaction.InsertFactsAsync(prepared.Events, nowUtc, ct);

        // Rollups of exactly what was inserted: the batch's tally from its preparation when every event was new (the
        // usual case), else counted again over the inserted ones (a redelivery, a replay).
        warehouse.Step(WriteStep.Rollups, ct);
        var tally = inserted.Count == prepared.Events.Count
            ? prepared.RollupTally
            : prepared.CountRollups(inserted, warehouse.WriteOptions.ReportingTimeZone.Id);
        var rollups = tally.Resolve(prepared.KeyOf);

        // Sessions and funnel progress walk each device's inserted events, grouped when the batch was prepared: here,
        // or in a transaction of their own that trails this one (DerivedWrite).
        // The steps read what they need of each event (DerivedEvent): a trailing transaction then holds that, not the
        // batch's events, while the next batch is written. The rollup rows trail with them (V026: a trail upserts its
        // batches' rows of one hour and key once — in a saturated `facet run` the rollup upserts were the largest
        // per-batch cost); the device-days stay here, where the batch's cache of recorded ones is kept.
        var devices = prepared.DevicesOf(inserted).Derive(nowUtc);
        var trails = transaction.TrailsDerivedWrites && devices.EventCount > 0;
        var withDevices = rollups.WithDevices(warehouse.DeviceDays.Unrecorded(rollups.Devices));

        // A batch with no device events has no trail and upserts its rows here — in the trails' order (surrogate keys,
        // Rollups.Sum), not the natural keys' the tally sorted them in, as its transaction may run beside a trail.
        await transaction.AddRollupsAsync(
            trails ? withDevices.WithoutRows()
            : transaction.TrailsDerivedWrites ? Rollups.Sum([withDevices]).WithDevices(withDevices.Devices)
            : withDevices, ct);
        var sessionsOn = warehouse.WriteOptions.SessionTimeout > TimeSpan.Zero;
        DerivedWrite? derived = null;
        if (!transaction.TrailsDerivedWrites)
        {
            await DerivedWrite.WriteRowsAsync(transaction, devices, sessionsOn, warehouse.WriteOptions, step => warehouse.Step(step, ct), ct);
        }
        else if (trails)
        {
            // The batch's days, not only the inserted events': a recovery scans those partitions for its facts.
            warehouse.Step(WriteStep.DerivedPending, ct);
            derived = new DerivedWrite(devices, sessionsOn, nowUtc, prepared.Days, warehouse.DerivedOwner, rollups.WithDevices([]));
            await derived.MarkPendingAsync(transaction, ct);
        }

        DateTime? maxEventTs = null;
        foreach (var e in inserted)
        {
            if (maxEventTs is null || e.EventTsUtc > maxEventTs)
            {
                maxEventTs = e.EventTsUtc;
            }
        }

        var duplicates = prepared.InBatchDuplicates + prepared.EarlierBatchDuplicates + prepared.Events.Count - inserted.Count;
        return new StreamWriteOutcome(new StreamWriteResult(Stream, inserted.Count, duplicates), maxEventTs, derived);
    }

    public override void Committed(object prepared)
    {
        ((PreparedClickstream)prepared).Remembered?.MarkCommitted();
        warehouse.Dimensions.Commit();
        warehouse.DeviceDays.Commit();
    }

    public override void RolledBack()
    {
        warehouse.Dimensions.Rollback();
        warehouse.DeviceDays.Rollback();
    }
}
