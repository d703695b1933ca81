using System.Runtime.InteropServices;

namespace Facet.Storage.Internal;

/// <summary>
/// A clickstream batch's derived rows — its sessions, funnel progress and (V026) rollup rows — written in a
/// transaction of their own that trails the batch's (<see cref="WarehouseOptions.TrailDerivedWrites"/>, V023), so that
/// on PostgreSQL they run on a second connection while the next batch's facts load (issue 22: they were a quarter of
/// the write lane's statement time, and with them inline the lane kept one of two cores idle; BENCHMARKS.md).
/// Exactly once: the batch transaction commits a <c>derived_pending</c> row with the facts (<see cref="MarkPendingAsync"/>);
/// the trailing transaction deletes it first — a row another process's recovery took leaves it nothing to do — and
/// commits with the derived rows. The session and funnel steps leave out the facts of batches still pending, so each
/// fact enters the derived rows once, in its own batch's transaction or in a recovery (<see cref="DerivedRecovery"/>).
/// The pending row names its owner (V024: the writing process's advisory lock), so that another process's recovery
/// leaves it to this trailing transaction while the process lives.
/// Batches whose trails queued up behind a slower one are written by one trailing transaction (<see cref="Merge"/>):
/// their devices' events as one batch's, so a device touched by each of them is read and written once.
/// </summary>
internal sealed class DerivedWrite
{
    private readonly DerivedDevices _devices;
    private readonly bool _sessionsOn;
    private readonly DateTime _ingestedAtUtc;
    private readonly IReadOnlyList<DateOnly> _days;
    private readonly int? _owner;

    // The batch's rollup increments when they trail it (V026), else null; summed with the other batches' when written.
    private readonly Rollups? _rollups;

    // The batches' own writes when this one writes several (Merge); empty for one batch.
    private readonly DerivedWrite[] _parts;

    /// <param name="rollups">The batch's rollup increments, without device-days, when they trail it too; null when its
    /// transaction wrote them.</param>
    public DerivedWrite(DerivedDevices devices, bool sessionsOn, DateTime ingestedAtUtc, IReadOnlyList<DateOnly> days, int? owner, Rollups? rollups)
    {
        _devices = devices;
        _rollups = rollups;
        _sessionsOn = sessionsOn;
        _ingestedAtUtc = ingestedAtUtc;
        _days = days;
        _owner = owner;
        _parts = [];
    }

    private DerivedWrite(DerivedWrite[] parts)
    {
        _devices = DerivedDevices.Merge([.. parts.Select(p => p._devices)]);
        _sessionsOn = parts[0]._sessionsOn;
        _ingestedAtUtc = parts[^1]._ingestedAtUtc;
        _days = [];
        _owner = parts[0]._owner;
        _parts = parts;
    }

    /// <summary>How many batches' derived rows this writes.</summary>
    public int Batches => _parts.Length == 0 ? 1 : _parts.Length;

    /// <summary>How many inserted events with a device id it walks.</summary>
    public int EventCount => _devices.EventCount;

    /// <summary>The writes of its batches one by one (itself for one batch).</summary>
    public IReadOnlyList<DerivedWrite> Parts => _parts.Length == 0 ? [this] : _parts;

    /// <summary>
    /// <paramref name="writes"/> (committed batches' writes, in batch order) as few writes as give the rows their
    /// trailing transactions one by one would: consecutive batches together, except that a batch holding an event of a
    /// device beyond the session late bound before that device's latest event in the batches before it starts a new
    /// write. That event is late because of those batches (<c>session_late_events</c>: the bound counts from the events
    /// already accepted, and a batch's own events never make each other late), which only writing them first shows;
    /// any other event is late or not against the stored sessions alike, and every other derived row is a function of
    /// the device's facts, not of how they were batched (the session and funnel steps give a recount's rows).
    /// </summary>
    public static List<DerivedWrite> Merge(IReadOnlyList<DerivedWrite> writes, TimeSpan sessionLateBound)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var merged = new List<DerivedWrite>();
        var run = new List<DerivedWrite>();
        var latest = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        for (var i = 0; i < writes.Count; i++)
        {
            var write = writes[i];
            if (run.Count > 0 && !Joins(run[0], write, latest, sessionLateBound))
            {
                merged.Add(Of(run));
                run.Clear();
                latest.Clear();
            }

            run.Add(write);
            if (i == writes.Count - 1)
            {
                // Only a later write is checked against the devices' latest times: the last one's are never read. A
                // trail of one batch (every trail of `facet load`'s 60,000-event batches) skips the table altogether —
                // a table of every device of the batch, large-object arrays as it grew (issue 22: 6 % of the
                // large-object bytes a 1M `facet load` allocated).
                break;
            }

            for (var g = 0; g < write._devices.Count; g++)
            {
                var events = write._devices.EventsOf(g);
                if (!events.IsEmpty)
                {
                    ref var last = ref CollectionsMarshal.GetValueRefOrAddDefault(latest, write._devices.DeviceOf(g), out _);
                    if (events[^1].EventTsUtc > last)
                    {
                        last = events[^1].EventTsUtc;
                    }
                }
            }
        }

        if (run.Count > 0)
        {
            merged.Add(Of(run));
        }

        return merged;
    }

    private static DerivedWrite Of(List<DerivedWrite> run) => run.Count == 1 ? run[0] : new DerivedWrite([.. run]);

    private static bool Joins(DerivedWrite first, DerivedWrite write, Dictionary<string, DateTime> latest, TimeSpan sessionLateBound)
    {
        if (write._sessionsOn != first._sessionsOn || write._owner != first._owner || write._parts.Length > 0)
        {
            return false;
        }

        if (!write._sessionsOn)
        {
            return true;
        }

        for (var g = 0; g < write._devices.Count; g++)
        {
            var events = write._devices.EventsOf(g);
            // A device's events come in time order: its earliest is the one most likely late.
            if (!events.IsEmpty && latest.TryGetValue(write._devices.DeviceOf(g), out var last) && last - events[0].EventTsUtc > sessionLateBound)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>In the batch transaction: the batch's derived rows are pending (its days: where recovery finds its facts).</summary>
    public async Task MarkPendingAsync(BatchTransaction transaction, CancellationToken ct)
    {
        await StageAsync(transaction, ct);
        if (await transaction.RunScriptAsync("Derived/mark_derived_pending", ct) == 0)
        {
            throw new DerivedTimeTakenException(_ingestedAtUtc);
        }
    }

    /// <summary>
    /// In the trailing transaction: claims the batches and, when it claimed all of them, writes their sessions, funnel
    /// progress and rollup increments (those of consecutive batches summed: one upsert per row of a trail). Returns how
    /// many it claimed: 0 when recoveries claimed them first (nothing written); fewer than <see cref="Batches"/>,
    /// nothing written either — the caller rolls back and writes the <see cref="Parts"/> alone. The caller commits.
    /// </summary>
    public async Task<int> WriteAsync(BatchTransaction transaction, WarehouseOptions options, CancellationToken ct)
    {
        await StageAsync(transaction, ct);
        var claimed = (int)await transaction.RunScriptAsync("Derived/claim_derived_batch", ct);
        if (claimed == Batches)
        {
            await WriteRowsAsync(transaction, _devices, _sessionsOn, options, enter: null, ct);
            var rollups = Parts.Select(static p => p._rollups).OfType<Rollups>().ToList();
            if (rollups.Count > 0)
            {
                await transaction.AddRollupsAsync(Rollups.Sum(rollups), ct);
            }
        }

        return claimed;
    }

    /// <summary>
    /// The derived rows of a batch's inserted events, in whichever transaction holds them (the batch's own, or its
    /// trailing one): sessions (or, with sessions off, the flag that facts without sessions exist), then funnel
    /// progress, which follows the facts whether or not sessions are on (the funnel report counts every fact).
    /// </summary>
    /// <param name="enter">Enters each step (the batch transaction's clock and fault hook); null in a trailing one.</param>
    public static async Task WriteRowsAsync(BatchTransaction transaction, DerivedDevices devices, bool sessionsOn, WarehouseOptions options, Action<WriteStep>? enter, CancellationToken ct)
    {
        enter?.Invoke(WriteStep.Sessions);
        if (sessionsOn)
        {
            await SessionWriter.WriteAsync(transaction, devices, options, ct);
        }
        else
        {
            await SessionWriter.MarkFactsWithoutSessionsAsync(transaction, devices, ct);
        }

        enter?.Invoke(WriteStep.Funnels);
        await FunnelProgressWriter.WriteAsync(transaction, devices, options.FunnelProgress, sessionsOn, ct);
    }

    private Task StageAsync(BatchTransaction transaction, CancellationToken ct) =>
        transaction.StageAsync("Derived/stage_derived_batch", 4, Parts.SelectMany(p => p._days.Select(day => (p._ingestedAtUtc, Day: day, p._owner, Rollups: p._rollups is not null))).ToList(), static (w, row) =>
        {
            w.Timestamp(row._ingestedAtUtc);
            w.Date(row.Day);
            w.Int(row._owner);
            w.Bool(row.Rollups);
        }, ct);
}
