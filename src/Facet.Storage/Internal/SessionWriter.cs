namespace Facet.Storage.Internal;

/// <summary>
/// Keeps fact_sessions in the batch transaction: the facts a batch inserted (dedup already done, so a redelivered
/// event never counts twice) are staged with the session rules and the columns that cut sessions, and
/// Sql/Sessions/&lt;Dialect&gt;/write_sessions.sql extends a device's latest session from its stored tail when every new
/// event comes after it (PostgreSQL), or else rebuilds the touched device's sessions from the first one the new events
/// can reach. Session state is nothing but
/// warehouse rows committed with the checkpoints, so a crash or a partition handed to another worker continues exactly.
/// write_session_rollup.sql then moves the session rollup (V010) by the sessions deleted or extended and written.
/// </summary>
internal static class SessionWriter
{
    private const int Columns = 10;
    private const string OrderCollection = "checkout_success";

    /// <summary>
    /// Sessions off: a batch that stored facts of devices records it once (warehouse_flags, V017), since from then on a
    /// device's latest session no longer bounds its stored facts (Funnels/&lt;Dialect&gt;/funnel_continue_devices.sql).
    /// </summary>
    public static async Task MarkFactsWithoutSessionsAsync(BatchTransaction transaction, IReadOnlyList<PreparedEvent> inserted, CancellationToken ct)
    {
        foreach (var e in inserted)
        {
            if (!string.IsNullOrEmpty(e.Source.Event.DeviceId))
            {
                await transaction.RunScriptAsync("Sessions/mark_facts_without_sessions", ct);
                return;
            }
        }
    }

    /// <summary>Returns how many of the inserted events arrived beyond the late bound (counted, not sessionized).</summary>
    public static async Task<long> WriteAsync(BatchTransaction transaction, IReadOnlyList<PreparedEvent> inserted, WarehouseOptions options, DateTime nowUtc, CancellationToken ct)
    {
        var withDevice = new List<PreparedEvent>(inserted.Count);
        foreach (var e in inserted)
        {
            // Events without a device id cannot belong to a visit; they stay facts only (docs/reports.md, "Sessions").
            if (!string.IsNullOrEmpty(e.Source.Event.DeviceId))
            {
                withDevice.Add(e);
            }
        }

        if (withDevice.Count == 0)
        {
            return 0;
        }

        var timeout = (int)options.SessionTimeout.TotalSeconds;
        var lateBound = (int)options.SessionLateBound.TotalSeconds;
        await transaction.StageAsync("Sessions/stage_session_events", Columns, withDevice, (w, e) =>
        {
            w.Uuid(e.EventKey);
            w.Text(e.Source.Event.DeviceId);
            w.Timestamp(e.EventTsUtc);
            w.Int(timeout);
            w.Int(lateBound);
            w.Timestamp(nowUtc);
            // What the window passes read of an in-order device's new events, as fact_events holds them (FactRow).
            w.Text(e.Source.Event.EventId);
            w.Date(e.EventDate);
            w.Text(e.Source.Url.UtmCampaign);
            w.Bool(string.Equals(e.Source.Event.Collection, OrderCollection, StringComparison.Ordinal));
        }, ct);
        var late = await transaction.RunScriptAsync("Sessions/write_sessions", ct);
        // The session rollup (V010) by delta from what write_sessions deleted or extended and wrote, in the same transaction.
        await transaction.RunScriptAsync("Sessions/write_session_rollup", ct);
        return late;
    }
}
