using System.Globalization;
using System.Text;
using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Internal;

/// <summary>
/// Keeps <c>funnel_progress</c> (V014) in the batch transaction, after the sessions: for every device the batch brought
/// human facts of a step collection of (late ones included: the funnel report counts every fact), the rows of the stored funnels
/// (<see cref="StoredFunnels"/>) whose entry lies at or after the first UTC quarter hour the new events can reach (their
/// earliest time minus the longest window) are deleted and computed again from the facts by <see cref="FunnelWalk"/>,
/// the report's own rules. A row is an entry candidate: the device's first event of a UTC quarter hour where it can
/// enter the funnel (human events only), with the steps it reached from there and the previous candidate's time. Every
/// modern zone's day starts on a quarter hour, so the device's first entry of any day is the candidate in that day whose
/// previous candidate lies before it: the report filters instead of sorting. Exactly once like the facts: the rows
/// commit with the checkpoints. In <see cref="FunnelProgressMode.Deferred"/> the batch queues the same devices in
/// <c>funnel_progress_backfill</c> instead, and <see cref="BackfillAsync"/> computes them later.
/// </summary>
internal static class FunnelProgressWriter
{
    private const int ScopeColumns = 2;
    private const int ProgressColumns = 9;
    private const long QuarterTicks = TimeSpan.TicksPerMinute * 15;

    private static readonly HashSet<string> StepCollections = new(StoredFunnels.Collections, StringComparer.Ordinal);

    /// <summary>Back-fill reads a queued device's facts from here on: before any event the warehouse can hold.</summary>
    private static readonly DateTime BackfillFrom = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    public static async Task WriteAsync(BatchTransaction transaction, IReadOnlyList<PreparedEvent> inserted, FunnelProgressMode mode, CancellationToken ct)
    {
        // A device's rows depend on its human events of the step collections only: other new events change nothing.
        var earliest = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        foreach (var e in inserted)
        {
            if (e.Source.Event.DeviceId is { Length: > 0 } device && !e.Source.IsBot && StepCollections.Contains(e.Source.Event.Collection)
                && (!earliest.TryGetValue(device, out var t) || e.EventTsUtc < t))
            {
                earliest[device] = e.EventTsUtc;
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
        if (mode == FunnelProgressMode.Deferred)
        {
            await QueueAsync(transaction, scope, ct);
            return;
        }

        await RebuildAsync(transaction, scope, ct);
    }

    /// <summary>
    /// Deferred mode: the devices join the back-fill queue in the batch's transaction, under the same device locks as
    /// a rebuild, so a back-fill computing one of them either ran before (and the device is queued again) or waits for
    /// this batch to commit and then reads its facts.
    /// </summary>
    private static async Task QueueAsync(BatchTransaction transaction, List<(string Device, DateTime FromUtc)> scope, CancellationToken ct)
    {
        await StageScopeAsync(transaction, scope, ct);
        await transaction.RunScriptAsync("Funnels/funnel_queue_devices", ct);
    }

    /// <summary>Stages the devices (and where each one's rebuild starts) and takes their locks.</summary>
    private static async Task StageScopeAsync(BatchTransaction transaction, List<(string Device, DateTime FromUtc)> scope, CancellationToken ct)
    {
        await transaction.StageAsync("Funnels/stage_funnel_scope", ScopeColumns, scope, static (w, s) =>
        {
            w.Text(s.Device);
            w.Timestamp(s.FromUtc);
        }, ct);
        await transaction.RunScriptAsync("Funnels/lock_funnel_devices", ct);
    }

    /// <summary>
    /// Computes the rows of the queued devices (V014 queued those with facts loaded before it; a deferred batch, those
    /// it touched), 1,000 at a time (the queue script's
    /// limit), each chunk committed with its removal from the queue, so an interrupted back-fill resumes where it
    /// stopped. A back-fill that computed any device ends with funnel_backfill_finished.sql. Returns how many devices it computed.
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
            await RebuildAsync(transaction, scope, ct);
            await transaction.RunScriptAsync("Funnels/funnel_backfill_done", ct);
            await transaction.CommitAsync(ct);
            done += scope.Count;
        }
    }

    private static async Task RebuildAsync(BatchTransaction transaction, List<(string Device, DateTime FromUtc)> scope, CancellationToken ct)
    {
        await StageScopeAsync(transaction, scope, ct);
        await transaction.StageAsync("Funnels/stage_funnel_collections", 1, StoredFunnels.Collections, static (w, c) => w.Text(c), ct);

        var kept = new Dictionary<(int Funnel, string Device), long>();
        foreach (var row in await transaction.QueryScriptAsync("Funnels/funnel_kept_entries", ct))
        {
            kept[(Convert.ToInt32(row[0], CultureInfo.InvariantCulture), (string)row[1]!)] = Convert.ToInt64(row[2], CultureInfo.InvariantCulture);
        }

        var progress = new List<ProgressRow>();
        var device = (string?)null;
        var facts = new List<(FunnelEvent Event, int StoreKey, int LocationKey, int UserAgentKey)>();
        foreach (var row in await transaction.QueryScriptAsync("Funnels/funnel_scope_events", ct))
        {
            var id = (string)row[0]!;
            if (device is not null && !string.Equals(id, device, StringComparison.Ordinal))
            {
                AddDevice(device, facts, kept, progress);
                facts.Clear();
            }

            device = id;
            var e = new FunnelEvent(
                (string)row[1]!,
                Convert.ToInt64(row[2], CultureInfo.InvariantCulture),
                (string)row[3]!,
                row[4] as string,
                new EventAttributes(row[5] as string, row[6] as string, null, "", ""));
            facts.Add((e, Convert.ToInt32(row[7], CultureInfo.InvariantCulture), Convert.ToInt32(row[8], CultureInfo.InvariantCulture), Convert.ToInt32(row[9], CultureInfo.InvariantCulture)));
        }

        if (device is not null)
        {
            AddDevice(device, facts, kept, progress);
        }

        await transaction.StageAsync("Funnels/stage_funnel_progress", ProgressColumns, progress, static (w, p) =>
        {
            w.Int(p.FunnelId);
            w.Text(p.Device);
            w.Timestamp(FromMicros(p.EntryMicros));
            w.TimestampOrNull(p.PreviousEntryMicros is { } previous ? FromMicros(previous) : null);
            w.Short(p.Steps);
            w.Text(p.ConvertMicros);
            w.Int(p.StoreKey);
            w.Int(p.LocationKey);
            w.Int(p.UserAgentKey);
        }, ct);
        await transaction.RunScriptAsync("Funnels/write_funnel_progress", ct);
    }

    /// <summary>One device's candidates for every stored funnel, from its human step events in time-then-id order.</summary>
    private static void AddDevice(string device, List<(FunnelEvent Event, int StoreKey, int LocationKey, int UserAgentKey)> facts, Dictionary<(int, string), long> kept, List<ProgressRow> progress)
    {
        facts.Sort(static (a, b) => FunnelWalk.Order(a.Event, b.Event));
        var events = facts.ConvertAll(static f => f.Event);
        foreach (var (id, funnel) in StoredFunnels.All)
        {
            long? previous = kept.TryGetValue((id, device), out var p) ? p : null;
            var reached = new long[funnel.Steps.Count];
            var quarter = long.MinValue;
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                var q = Math.DivRem(e.TimeMicros, 900_000_000L, out var r) - (r < 0 ? 1 : 0);
                if (q == quarter || !FunnelWalk.IsEntry(funnel, e))
                {
                    continue;
                }

                quarter = q;
                var count = FunnelWalk.From(funnel, events, i, reached);
                string? gaps = null;
                if (count > 1)
                {
                    var text = new StringBuilder();
                    for (var k = 0; k + 1 < count; k++)
                    {
                        text.Append(k == 0 ? "" : ",").Append((reached[k + 1] - reached[k]).ToString(CultureInfo.InvariantCulture));
                    }

                    gaps = text.ToString();
                }

                var fact = facts[i];
                progress.Add(new ProgressRow(id, device, e.TimeMicros, previous, (short)count, gaps, fact.StoreKey, fact.LocationKey, fact.UserAgentKey));
                previous = e.TimeMicros;
            }
        }
    }

    private static DateTime FromMicros(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    /// <summary>A funnel_progress row; <see cref="ConvertMicros"/> = µs from step k to k+1, comma-separated, for k &lt; steps.</summary>
    private sealed record ProgressRow(int FunnelId, string Device, long EntryMicros, long? PreviousEntryMicros, short Steps, string? ConvertMicros, int StoreKey, int LocationKey, int UserAgentKey);
}
