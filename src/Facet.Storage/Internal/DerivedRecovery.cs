using System.Globalization;

namespace Facet.Storage.Internal;

/// <summary>
/// Writes the derived rows of batches left pending (V023) — by a process that stopped between a batch's commit and its
/// trailing transaction's (<see cref="DerivedWrite"/>), or by a trailing transaction that failed — one batch per
/// transaction, oldest first: the batch is claimed (its pending row deleted, as its own trailing transaction would),
/// its rollup increments are recounted from its facts when they trailed it (V026), every fact it stored with a device
/// is staged from the warehouse, those devices' sessions are rebuilt from their facts
/// (never extended in order: that path needs the batch's events in memory), and the devices join the funnel progress
/// back-fill queue, computed once the claims have committed. The result is what the trailing transactions would have
/// written: both read a device's stored facts without those of batches still pending.
/// </summary>
internal static class DerivedRecovery
{
    private const int RuleColumns = 4;

    /// <summary>
    /// Returns how many pending batches it recovered: those this process (<paramref name="owner"/>, V024) marked, and
    /// those of processes that are gone; a live process's are left to its own trailing transactions.
    /// </summary>
    public static async Task<int> RecoverAsync(Func<CancellationToken, Task<BatchTransaction>> begin, WarehouseOptions options, int? owner, CancellationToken ct)
    {
        var recovered = 0;
        (int Timeout, int LateBound, int? Owner, string Zone)[] rules =
            [((int)options.SessionTimeout.TotalSeconds, (int)options.SessionLateBound.TotalSeconds, owner, options.ReportingTimeZone.Id)];
        while (true)
        {
            await using var transaction = await begin(ct);
            await transaction.StageAsync("Derived/stage_derived_rules", RuleColumns, rules, static (w, r) =>
            {
                w.Int(r.Timeout);
                w.Int(r.LateBound);
                w.Int(r.Owner);
                w.Text(r.Zone);
            }, ct);
            var claimed = Convert.ToInt64((await transaction.QueryScriptAsync("Derived/claim_derived_pending", ct))[0][0], CultureInfo.InvariantCulture);
            if (claimed == 0)
            {
                break;
            }

            await transaction.RunScriptAsync("Derived/recover_rollups", ct);
            await transaction.RunScriptAsync("Sessions/stage_session_events", ct);
            if (await transaction.RunScriptAsync("Derived/recover_session_events", ct) > 0)
            {
                if (options.SessionTimeout > TimeSpan.Zero)
                {
                    await SessionWriter.RebuildStagedAsync(transaction, ct);
                }
                else
                {
                    await transaction.RunScriptAsync("Sessions/mark_facts_without_sessions", ct);
                }

                await transaction.RunScriptAsync("Derived/recover_funnel_devices", ct);
            }

            await transaction.CommitAsync(ct);
            recovered++;
        }

        if (recovered > 0 && options.FunnelProgress == FunnelProgressMode.Live)
        {
            await FunnelProgressWriter.BackfillAsync(begin, ct);
        }

        return recovered;
    }
}
