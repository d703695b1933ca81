using System.Globalization;

namespace Facet.Storage.Internal;

/// <summary>
/// Keeps fact_sessions in the batch transaction: the facts a batch inserted (dedup already done, so a redelivered
/// event never counts twice) are staged with the session rules (each device's earliest, and all of a device's where one
/// could be late), and Sql/Sessions/&lt;Dialect&gt;/write_sessions.sql counts the late ones, marks the devices whose
/// new events all come after the tail of their latest session (in order; V016) and rebuilds every other touched
/// device's sessions from the first one the new events can reach. The in-order devices' new events are cut here
/// (<see cref="SessionCutter"/>) from that tail and written by write_in_order_sessions.sql: the session extended in
/// place, later ones inserted. Session state is nothing but warehouse rows committed with the checkpoints, so a crash
/// or a partition handed to another worker continues exactly.
/// The session rollup (V010) moves by the sessions deleted, extended and written: write_in_order_sessions.sql
/// captures the in-order devices' changes, write_sessions.sql and write_session_rollup.sql the rebuilt ones', and
/// write_session_rollup.sql applies them.
/// </summary>
internal static class SessionWriter
{
    private const int Columns = 8;
    private const string OrderCollection = "checkout_success";

    /// <summary>
    /// Sessions off: a batch that stored facts of devices records it once (warehouse_flags, V017), since from then on a
    /// device's latest session no longer bounds its stored facts (Funnels/&lt;Dialect&gt;/funnel_open_rows.sql).
    /// </summary>
    public static async Task MarkFactsWithoutSessionsAsync(BatchTransaction transaction, DerivedDevices inserted, CancellationToken ct)
    {
        if (inserted.EventCount > 0)
        {
            await transaction.RunScriptAsync("Sessions/mark_facts_without_sessions", ct);
        }
    }

    /// <summary>Returns how many of the inserted events arrived beyond the late bound (counted, not sessionized).</summary>
    /// <param name="inserted">The inserted events with a device id: events without one cannot belong to a visit; they
    /// stay facts only (docs/reports.md, "Sessions").</param>
    public static async Task<long> WriteAsync(BatchTransaction transaction, DerivedDevices inserted, WarehouseOptions options, CancellationToken ct)
    {
        if (inserted.EventCount == 0)
        {
            return 0;
        }

        var timeout = (int)options.SessionTimeout.TotalSeconds;
        var lateBound = (int)options.SessionLateBound.TotalSeconds;
        void Write(IFactRowWriter w, DerivedEvent e)
        {
            w.Uuid(e.EventKey);
            w.Text(e.DeviceId);
            w.Timestamp(e.EventTsUtc);
            w.Int(timeout);
            w.Int(lateBound);
            w.Timestamp(e.ArrivedAtUtc);
            w.Text(e.EventId);
            w.Bool(false);
        }

        // write_sessions.sql needs of most devices only their first new event in session order (time, then event id:
        // staged are all those at the earliest µs, and the script breaks the tie), and all of a device's new events
        // only where one of them could be late. Staging every event cost a COPY of each and a sort of the whole stage
        // per batch, where a 1M-event load touches about one device per five events (issue 22, BENCHMARKS.md).
        var heads = new List<DerivedEvent>(inserted.Count);
        for (var g = 0; g < inserted.Count; g++)
        {
            var events = inserted.EventsOf(g);
            if (events.IsEmpty)
            {
                continue;
            }

            heads.Add(events[0]);
            for (var i = 1; i < events.Length && events[i].EventTsUtc == events[0].EventTsUtc; i++)
            {
                heads.Add(events[i]);
            }
        }

        await transaction.StageAsync("Sessions/stage_session_events", Columns, heads, Write, ct);
        // The devices' locks first (PostgreSQL), then the bound no stored session of theirs ends beyond: a device whose
        // earliest new event lies more than the late bound before it may have late events, whichever they are.
        var bound = (await transaction.QueryScriptAsync("Sessions/lock_session_devices", ct))[0][0] is { } b
            ? Convert.ToInt64(b, CultureInfo.InvariantCulture)
            : (long?)null;
        if (heads.Count < inserted.EventCount)
        {
            var lateBoundMicros = lateBound * 1_000_000L;
            var rest = new List<DerivedEvent>();
            for (var g = 0; g < inserted.Count; g++)
            {
                var events = inserted.EventsOf(g);
                if (events.Length < 2)
                {
                    continue;
                }

                var first = events[0].EventTsUtc;
                if (events[^1].EventTsUtc != first
                    && (bound is not { } end || events[0].EventMicros + lateBoundMicros <= end))
                {
                    foreach (var e in events)
                    {
                        if (e.EventTsUtc != first)
                        {
                            rest.Add(e);
                        }
                    }
                }
            }

            if (rest.Count > 0)
            {
                await transaction.AppendStageAsync("Sessions/stage_session_events", Columns, rest, Write, ct);
            }
        }

        var late = await transaction.RunScriptAsync("Sessions/write_sessions", ct);
        await WriteInOrderAsync(transaction, inserted, timeout, ct);
        // The session rollup (V010) by delta from the changes the session scripts captured, in the same transaction.
        await transaction.RunScriptAsync("Sessions/write_session_rollup", ct);
        return late;
    }

    /// <summary>
    /// Recovery (<see cref="DerivedRecovery"/>): the devices of the events already in stage_session_events, all marked
    /// for a rebuild, locked, their sessions rebuilt from their facts and the session rollup moved — the steps of
    /// <see cref="WriteAsync"/> after its staging, without the in-order path (which needs the events in memory).
    /// </summary>
    public static async Task RebuildStagedAsync(BatchTransaction transaction, CancellationToken ct)
    {
        await transaction.QueryScriptAsync("Sessions/lock_session_devices", ct);
        await transaction.RunScriptAsync("Sessions/write_sessions", ct);
        await transaction.RunScriptAsync("Sessions/write_session_rollup", ct);
    }

    /// <summary>
    /// The in-order devices write_sessions.sql marked: their new events (those within the late bound) cut in memory
    /// from the tail of the session they extend, and written by write_in_order_sessions.sql.
    /// </summary>
    private static async Task WriteInOrderAsync(BatchTransaction transaction, DerivedDevices inserted, int timeoutSeconds, CancellationToken ct)
    {
        var tails = await transaction.QueryScriptAsync("Sessions/in_order_sessions", ct);
        if (tails.Count == 0)
        {
            return;
        }

        var late = new HashSet<Guid>();
        foreach (var row in await transaction.QueryScriptAsync("Sessions/late_session_events", ct))
        {
            late.Add((Guid)row[0]!);
        }

        // Only the extending rows go through the stage, which write_in_order_sessions.sql joins to the stored sessions
        // they extend. A new session goes straight into fact_sessions by the backend's bulk path, its rollup change
        // straight into the changes write_session_rollup.sql sums: staged and inserted again, each was written twice
        // (issue 22, BENCHMARKS.md). No conflict check: a new session starts after the tail of the device's latest
        // stored one (SessionCutter), so its key is not stored.
        var extending = new List<SessionRow>();
        var started = new List<SessionRow>();
        var events = new List<DerivedEvent>();
        var cuts = new List<SessionCutter.Event>();
        var sessions = new List<SessionCutter.Range>();
        var timeoutMicros = timeoutSeconds * 1_000_000L;
        foreach (var row in tails)
        {
            // The facts' order (BatchDevices): time as stored (whole µs), then event id (byte order).
            events.Clear();
            if (inserted.TryFind((string)row[0]!, out var group))
            {
                foreach (var e in inserted.EventsOf(group))
                {
                    if (late.Count == 0 || !late.Contains(e.EventKey))
                    {
                        events.Add(e);
                    }
                }
            }

            cuts.Clear();
            foreach (var e in events)
            {
                cuts.Add(new SessionCutter.Event(e.EventMicros, e.UtmCampaign));
            }

            SessionCutter.Tail? tail = row[1] is null ? null : new SessionCutter.Tail(Convert.ToInt64(row[1], CultureInfo.InvariantCulture), row[2] as string);
            sessions.Clear();
            var joined = SessionCutter.Cut(tail, timeoutMicros, cuts, sessions, out var joinedCampaign);
            if (joined > 0)
            {
                // from_ts: the start of the session the tail belongs to.
                extending.Add(SessionRow.Of(events, 0, joined - 1, joinedCampaign, timeoutSeconds, extendsFrom: FactRow.FromMicros(Convert.ToInt64(row[3], CultureInfo.InvariantCulture))));
            }

            foreach (var range in sessions)
            {
                started.Add(SessionRow.Of(events, range.First, range.Last, range.TailCampaign, timeoutSeconds, extendsFrom: null));
            }
        }

        if (extending.Count > 0)
        {
            await transaction.StageAsync("Sessions/stage_session_rows", SessionRow.Columns, extending, static (w, r) => r.Write(w), ct);
            await transaction.RunScriptAsync("Sessions/write_in_order_sessions", ct);
        }

        if (started.Count > 0)
        {
            await transaction.AppendAsync("fact_sessions", SessionRow.SessionColumns, started, static (w, r) => r.WriteSession(w), ct);
            // session_rollup_changes is the temp table write_sessions.sql created in this transaction (a stage without
            // a script of its own), which write_session_rollup.sql sums.
            await transaction.AppendStageAsync("Sessions/session_rollup_changes", SessionRow.ChangeColumns, started, static (w, r) => r.WriteChange(w), ct);
        }
    }

    /// <summary>A session cut in memory: a new one (a fact_sessions row) or the new events that extend a stored one (a stage_session_rows row).</summary>
    private sealed record SessionRow(string Device, DateTime Start, DerivedEvent First, DerivedEvent Last, int Events, int Orders, string? TailCampaign, int TimeoutSeconds)
    {
        public const int Columns = 19;

        public static SessionRow Of(List<DerivedEvent> events, int first, int last, string? tailCampaign, int timeoutSeconds, DateTime? extendsFrom)
        {
            var orders = 0;
            for (var i = first; i <= last; i++)
            {
                orders += string.Equals(events[i].Collection, OrderCollection, StringComparison.Ordinal) ? 1 : 0;
            }

            var head = events[first];
            return new SessionRow(head.DeviceId, extendsFrom ?? head.EventTsUtc, head, events[last], last - first + 1, orders, tailCampaign, timeoutSeconds);
        }

        /// <summary>fact_sessions' columns (V008, V016).</summary>
        public const int SessionColumns = 21;

        /// <summary>session_rollup_changes' columns (Sessions/&lt;Dialect&gt;/write_sessions.sql).</summary>
        public const int ChangeColumns = 12;

        /// <summary>
        /// A new session's length in seconds as both backends' scripts compute it: the µs between its first and last
        /// events divided by a million, one correctly rounded division (PostgreSQL's exact epoch of the interval cast to
        /// double; DuckDB's integer µs divided as doubles).
        /// </summary>
        private double DurationSeconds => (Last.EventMicros - First.EventMicros) / 1_000_000d;

        /// <summary>A new session as a fact_sessions row, in the table's column order.</summary>
        public void WriteSession(IFactRowWriter w)
        {
            w.Text(Device);
            w.Timestamp(Start);
            w.Timestamp(Last.EventTsUtc);
            w.Int(Events);
            w.Double(DurationSeconds);
            w.Bool(Events == 1);
            WriteVisit(w);
            w.Int(Orders);
            w.Bool(First.IsBot);
            w.Text(Last.EventId);
            w.Text(TailCampaign);
            w.Int(TimeoutSeconds);
        }

        /// <summary>A new session's entry into the session rollup (+1), in session_rollup_changes' column order.</summary>
        public void WriteChange(IFactRowWriter w)
        {
            w.Int(1);
            w.Timestamp(Start);
            w.Bool(First.IsBot);
            w.Int(Events);
            w.Double(DurationSeconds);
            w.Int(Orders);
            w.Int(First.StoreKey);
            w.Int(First.LocationKey);
            w.Int(First.UserAgentKey);
            w.Int(First.ReferrerKey);
            w.Text(First.UtmMedium);
            w.Text(First.UtmCampaign);
        }

        /// <summary>
        /// entry_url … referrer_key, in the order fact_sessions and stage_session_rows share: the first event's URL, the
        /// last event's, then the first event's referrer, UTM and dimension members, as FactRow writes them.
        /// </summary>
        private void WriteVisit(IFactRowWriter w)
        {
            w.Text(First.CurrentUrl);
            w.Text(Last.CurrentUrl);
            w.Text(First.ReferrerUrl);
            w.Text(First.UtmSource);
            w.Text(First.UtmMedium);
            w.Text(First.UtmCampaign);
            w.Int(First.StoreKey);
            w.Int(First.LocationKey);
            w.Int(First.UserAgentKey);
            w.Int(First.ReferrerKey);
        }

        /// <summary>The columns in stage_session_rows' order; the first event's as FactRow writes them.</summary>
        public void Write(IFactRowWriter w)
        {
            w.Text(Device);
            w.Timestamp(Start);
            w.Timestamp(Last.EventTsUtc);
            w.Int(Events);
            w.Int(Orders);
            WriteVisit(w);
            w.Bool(First.IsBot);
            w.Text(Last.EventId);
            w.Text(TailCampaign);
            w.Int(TimeoutSeconds);
        }
    }
}
