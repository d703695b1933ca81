using System.Globalization;
using Facet.Core.Events;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Internal;

/// <summary>
/// Keeps <c>funnel_progress</c> (V014) in the batch transaction, after the sessions: for every device the batch brought
/// human facts of a step collection of (late ones included: the funnel report counts every fact), its rows of the
/// stored funnels (<see cref="StoredFunnels"/>) whose entry lies at or after the first UTC quarter hour the new events
/// can reach (their earliest time minus the longest window) are brought up to date by <see cref="FunnelCandidates"/>,
/// the report's own rules: continued from their stored walk state and the new events when every new event of the
/// device comes after its stored facts (V017, V019 on DuckDB; proven by the session step), else deleted and computed
/// again from its facts. A row is an entry candidate: the device's first event of a UTC quarter hour where it can
/// enter the funnel (human events only), with the steps it reached from there and the previous candidate's time. Every
/// modern zone's day starts on a quarter hour, so the device's first entry of any day is the candidate in that day whose
/// previous candidate lies before it: the report filters instead of sorting. Exactly once like the facts: the rows
/// commit with the checkpoints. In <see cref="FunnelProgressMode.Deferred"/> the batch queues the same devices in
/// <c>funnel_progress_backfill</c> instead, and <see cref="BackfillAsync"/> computes them later.
/// </summary>
internal static class FunnelProgressWriter
{
    private const int ScopeColumns = 3;
    private const int ProgressColumns = 10;
    private const int ReplacedColumns = 3;
    private const long QuarterTicks = TimeSpan.TicksPerMinute * 15;

    private static readonly HashSet<string> StepCollections = new(StoredFunnels.Collections, StringComparer.Ordinal);

    /// <summary>Back-fill reads a queued device's facts from here on: before any event the warehouse can hold.</summary>
    private static readonly DateTime BackfillFrom = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    /// <param name="inserted">The inserted events with a device id (only those can walk a funnel).</param>
    /// <param name="sessionsRan">The batch's session step ran: its session_scope says which devices are in order.</param>
    public static async Task WriteAsync(BatchTransaction transaction, DerivedDevices inserted, FunnelProgressMode mode, bool sessionsRan, CancellationToken ct)
    {
        // A device's rows depend on its human events of the step collections only: other new events change nothing.
        // Their facts are kept for a continuation, which needs the session step's in-order test and a live batch.
        var continuable = sessionsRan && mode == FunnelProgressMode.Live;
        var added = new Dictionary<string, List<FunnelCandidates.Fact>>(StringComparer.Ordinal);
        var earliest = new List<(string Device, DateTime FirstUtc)>();
        EventAttributes? attributes = null;
        for (var g = 0; g < inserted.Count; g++)
        {
            var seen = false;
            List<FunnelCandidates.Fact>? facts = null;
            foreach (var e in inserted.EventsOf(g))
            {
                if (e.IsBot || !StepCollections.Contains(e.Collection))
                {
                    continue;
                }

                if (!seen)
                {
                    // A device's events come in time order: the first step event is its earliest.
                    seen = true;
                    var device = inserted.DeviceOf(g);
                    earliest.Add((device, e.EventTsUtc));
                    if (continuable)
                    {
                        added.Add(device, facts = []);
                    }
                }

                facts?.Add(FactOf(e, ref attributes));
            }
        }

        if (earliest.Count == 0)
        {
            return;
        }

        var scope = new List<(string Device, DateTime FromUtc)>(earliest.Count);
        foreach (var (device, first) in earliest)
        {
            var from = first - StoredFunnels.LongestWindow;
            scope.Add((device, new DateTime(from.Ticks - from.Ticks % QuarterTicks, DateTimeKind.Utc)));
        }

        scope.Sort(static (a, b) => string.CompareOrdinal(a.Device, b.Device));
        await StageScopeAsync(transaction, scope, ct);
        if (mode == FunnelProgressMode.Deferred)
        {
            // The devices join the back-fill queue in the batch's transaction, under the same device locks as a
            // rebuild, so a back-fill computing one of them either ran before (and the device is queued again) or
            // waits for this batch to commit and then reads its facts.
            await transaction.RunScriptAsync("Funnels/funnel_queue_devices", ct);
            return;
        }

        await UpdateAsync(transaction, continuable ? added : null, ct);
    }

    /// <summary>
    /// Computes the rows of the queued devices (V014 queued those with facts loaded before it; a deferred batch, those
    /// it touched), 1,000 at a time (the queue script's limit), each chunk committed with its removal from the queue,
    /// so an interrupted back-fill resumes where it stopped. A back-fill that computed any device ends with
    /// funnel_backfill_finished.sql. Returns how many devices it computed.
    /// </summary>
    public static async Task<long> BackfillAsync(Func<CancellationToken, Task<BatchTransaction>> begin, CancellationToken ct)
    {
        long done = 0;
        while (true)
        {
            await using var transaction = await begin(ct);
            var queued = await transaction.QueryScriptAsync("Funnels/funnel_backfill_queued", ct);
            if (queued.Count == 0)
            {
                if (done > 0)
                {
                    // DuckDB: the rows back in entry order for its zone maps; PostgreSQL: statistics (the scripts say why).
                    await transaction.RunScriptAsync("Funnels/funnel_backfill_finished", ct);
                    await transaction.CommitAsync(ct);
                }

                return done;
            }

            var scope = queued.Select(r => ((string)r[0]!, BackfillFrom)).ToList();
            await StageScopeAsync(transaction, scope, ct);
            await UpdateAsync(transaction, null, ct);
            await transaction.RunScriptAsync("Funnels/funnel_backfill_done", ct);
            await transaction.CommitAsync(ct);
            done += scope.Count;
        }
    }

    /// <summary>Stages the devices (and where each one's rows start), all to be rebuilt, and takes their locks.</summary>
    private static async Task StageScopeAsync(BatchTransaction transaction, List<(string Device, DateTime FromUtc)> scope, CancellationToken ct)
    {
        await transaction.StageAsync("Funnels/stage_funnel_scope", ScopeColumns, scope, static (w, s) =>
        {
            w.Text(s.Device);
            w.Timestamp(s.FromUtc);
            w.Bool(true);
        }, ct);
        await transaction.RunScriptAsync("Funnels/lock_funnel_devices", ct);
    }

    /// <summary>
    /// Brings the staged devices' rows up to date: those funnel_open_rows.sql proves in order from their stored rows and
    /// <paramref name="added"/> (their new events; null = rebuild every device), the others from their facts.
    /// </summary>
    private static async Task UpdateAsync(BatchTransaction transaction, Dictionary<string, List<FunnelCandidates.Fact>>? added, CancellationToken ct)
    {
        await transaction.StageAsync("Funnels/stage_stored_funnels", 2, StoredFunnels.StepCollections, static (w, s) =>
        {
            w.Int(s.FunnelId);
            w.Text(s.Collection);
        }, ct);
        var kept = new Dictionary<(int Funnel, string Device), long>();
        foreach (var row in await transaction.QueryScriptAsync("Funnels/funnel_kept_entries", ct))
        {
            kept[(Convert.ToInt32(row[0], CultureInfo.InvariantCulture), (string)row[1]!)] = Convert.ToInt64(row[2], CultureInfo.InvariantCulture);
        }

        var progress = new List<FunnelProgressRow>();
        var continued = new List<FunnelProgressRow>();
        var replacing = new List<FunnelProgressRow>();
        if (added is not null)
        {
            // Before the facts are read: the script marks the continued devices, which the rebuild leaves out.
            await ContinueAsync(transaction, added, kept, continued, replacing, ct);
        }

        var device = (string?)null;
        var facts = new List<FunnelCandidates.Fact>();
        EventAttributes? attributes = null;
        await transaction.ReadScriptAsync("Funnels/funnel_scope_events", reader =>
        {
            var id = reader.GetString(0);
            if (device is not null && !string.Equals(id, device, StringComparison.Ordinal))
            {
                Rebuild(device, facts, kept, progress);
                facts.Clear();
            }

            device = id;
            var store = SharedAttributes(ref attributes, ScriptColumns.Text(reader, 5), ScriptColumns.Text(reader, 6));
            var e = new FunnelEvent(IdText.From(reader.GetString(1)), ScriptColumns.Int64(reader, 2), reader.GetString(3), ScriptColumns.Text(reader, 4), store);
            facts.Add(new(e, ScriptColumns.Int32(reader, 7), ScriptColumns.Int32(reader, 8), ScriptColumns.Int32(reader, 9)));
        }, ct);

        if (device is not null)
        {
            Rebuild(device, facts, kept, progress);
        }

        // The rebuilt devices' rows through a stage (the script keeps the stored ones that came back unchanged), the
        // keys the continued devices' changed rows replace; then the continued devices' rows straight into the table:
        // staged and inserted again, each was written twice, the larger part of the step's PostgreSQL time in a load,
        // where nearly every device is continued (issue 22, BENCHMARKS.md). No conflict check, whose speculative
        // insertion cost half as much again per row (a replay of a load's rows: 3.7-3.8 s with it, 2.4-2.6 s without):
        // the delete removed every stored key among them (FunnelCandidates.Continue says why).
        await transaction.StageAsync("Funnels/stage_funnel_progress", ProgressColumns, progress, WriteRow, ct);
        await transaction.StageAsync("Funnels/stage_funnel_replaced", ReplacedColumns, replacing, static (w, p) =>
        {
            w.Text(p.Device);
            w.Int(p.FunnelId);
            w.Timestamp(FactRow.FromMicros(p.EntryMicros));
        }, ct);
        await transaction.RunScriptAsync("Funnels/write_funnel_progress", ct);
        await transaction.AppendAsync("funnel_progress", ProgressColumns, continued, WriteRow, ct);
    }

    /// <summary>A funnel_progress row in the table's column order.</summary>
    private static void WriteRow(IFactRowWriter w, FunnelProgressRow p)
    {
        w.Int(p.FunnelId);
        w.Text(p.Device);
        w.Timestamp(FactRow.FromMicros(p.EntryMicros));
        w.TimestampOrNull(p.PreviousEntryMicros is { } previous ? FactRow.FromMicros(previous) : null);
        w.Short(p.Steps);
        w.Text(p.ConvertMicros);
        w.Int(p.StoreKey);
        w.Int(p.LocationKey);
        w.Int(p.UserAgentKey);
        w.Text(p.HeldMicros);
    }

    /// <summary>
    /// The changed and new rows of the continued devices, from their stored rows and their new events, in key order
    /// (devices as funnel_open_rows.sql returns them); the changed ones also in <paramref name="replacing"/>.
    /// </summary>
    private static async Task ContinueAsync(BatchTransaction transaction, Dictionary<string, List<FunnelCandidates.Fact>> added, Dictionary<(int, string), long> kept, List<FunnelProgressRow> progress, List<FunnelProgressRow> replacing, CancellationToken ct)
    {
        // The rows come by device, then funnel, then entry: each device is continued when its rows end, from one list
        // of them (issue 22: a list per device and funnel in a dictionary keyed by both cost a hash of the device id per
        // row, ~0.4 rows per event at 1M).
        string? device = null;
        var rows = new List<FunnelProgressRow>();
        var ofFunnel = new List<FunnelProgressRow>();
        // Read typed, not as an object array with boxed values per row.
        await transaction.ReadScriptAsync("Funnels/funnel_open_rows", reader =>
        {
            var id = reader.GetString(0);
            if (device is null || !string.Equals(device, id, StringComparison.Ordinal))
            {
                if (device is not null)
                {
                    Continue(device, rows, ofFunnel, added, kept, progress, replacing);
                }

                device = id;
                rows.Clear();
            }

            if (reader.IsDBNull(1))
            {
                return; // a continued device without stored rows the new events can reach
            }

            rows.Add(new FunnelProgressRow(
                ScriptColumns.Int32(reader, 1),
                device, // one instance per device: its rows share it
                ScriptColumns.Int64(reader, 2),
                ScriptColumns.NullableInt64(reader, 3),
                ScriptColumns.Int16(reader, 4),
                ScriptColumns.Text(reader, 5),
                ScriptColumns.Text(reader, 6) ?? "",
                ScriptColumns.Int32(reader, 7),
                ScriptColumns.Int32(reader, 8),
                ScriptColumns.Int32(reader, 9)));
        }, ct);

        if (device is not null)
        {
            Continue(device, rows, ofFunnel, added, kept, progress, replacing);
        }
    }

    /// <summary>One continued device: <paramref name="rows"/> are its stored rows from its from_ts on, by funnel and entry.</summary>
    private static void Continue(string device, List<FunnelProgressRow> rows, List<FunnelProgressRow> ofFunnel, Dictionary<string, List<FunnelCandidates.Fact>> added, Dictionary<(int, string), long> kept, List<FunnelProgressRow> progress, List<FunnelProgressRow> replacing)
    {
        // Already in FunnelWalk.Order (DerivedDevices keeps a device's events by stored time in whole µs, then event id;
        // BatchDevicesTests): not sorted again on the write lane.
        var facts = added[device];
        var events = facts.ConvertAll(static f => f.Event);
        foreach (var (id, funnel) in StoredFunnels.All)
        {
            ofFunnel.Clear();
            foreach (var row in rows)
            {
                if (row.FunnelId == id)
                {
                    ofFunnel.Add(row);
                }
            }

            long? previous = kept.TryGetValue((id, device), out var p) ? p : null;
            if (!FunnelCandidates.Continue(id, funnel, device, ofFunnel, previous, events, facts, progress, replacing))
            {
                // funnel_open_rows.sql continues only devices whose reachable rows all hold a state.
                throw new InvalidOperationException(
                    $"a funnel_progress row of funnel {id}, device '{device}' holds no walk state for its {funnel.Steps.Count} steps; " +
                    "the stored funnels changed without a migration (StoredFunnels.cs)");
            }
        }
    }

    /// <summary>One device's candidates for every stored funnel, from its human step facts since from_ts.</summary>
    private static void Rebuild(string device, List<FunnelCandidates.Fact> facts, Dictionary<(int, string), long> kept, List<FunnelProgressRow> progress)
    {
        facts.Sort(static (a, b) => FunnelWalk.Order(a.Event, b.Event));
        var events = facts.ConvertAll(static f => f.Event);
        foreach (var (id, funnel) in StoredFunnels.All)
        {
            FunnelCandidates.Rebuild(id, funnel, device, events, facts, kept.TryGetValue((id, device), out var p) ? p : null, progress);
        }
    }

    /// <summary>
    /// A new event as funnel_scope_events.sql would read its fact: the product and store the dimension members hold are
    /// the event's own (their natural keys), the time in whole µs as the warehouse stores it (truncated).
    /// </summary>
    /// <param name="attributes">The previous fact's attributes (<see cref="SharedAttributes"/>).</param>
    private static FunnelCandidates.Fact FactOf(DerivedEvent e, ref EventAttributes? attributes)
    {
        var store = SharedAttributes(ref attributes, e.StoreId, e.StoreDomain);
        var fact = new FunnelEvent(e.EventId, e.EventMicros, e.Collection, e.ProductId, store);
        return new FunnelCandidates.Fact(fact, e.StoreKey, e.LocationKey, e.UserAgentKey);
    }

    /// <summary>
    /// The store attributes a funnel step matches on, shared with the previous fact's when the store is the same: a
    /// device's facts mostly are, and an object per step fact was ~40 B per loaded event on the write lane (issue 22).
    /// </summary>
    private static EventAttributes SharedAttributes(ref EventAttributes? previous, string? storeId, string? domain)
    {
        if (previous is null || !string.Equals(previous.StoreId, storeId, StringComparison.Ordinal) || !string.Equals(previous.Domain, domain, StringComparison.Ordinal))
        {
            previous = new EventAttributes(storeId, domain, null, "", "");
        }

        return previous;
    }
}
