namespace Facet.Storage.Internal;

/// <summary>
/// A clickstream batch's derived rows — its sessions and funnel progress — written in a transaction of their own that
/// trails the batch's (<see cref="WarehouseOptions.TrailDerivedWrites"/>, V023), so that on PostgreSQL they run on a
/// second connection while the next batch's facts load (issue 22: they were a quarter of the write lane's statement
/// time, and with them inline the lane kept one of two cores idle; BENCHMARKS.md).
/// Exactly once: the batch transaction commits a <c>derived_pending</c> row with the facts (<see cref="MarkPendingAsync"/>);
/// the trailing transaction deletes it first — a row another process's recovery took leaves it nothing to do — and
/// commits with the derived rows. The session and funnel steps leave out the facts of batches still pending, so each
/// fact enters the derived rows once, in its own batch's transaction or in a recovery (<see cref="DerivedRecovery"/>).
/// </summary>
internal sealed class DerivedWrite(BatchDevices devices, bool sessionsOn, DateTime ingestedAtUtc, IReadOnlyCollection<DateOnly> days)
{
    /// <summary>In the batch transaction: the batch's derived rows are pending (its days: where recovery finds its facts).</summary>
    public async Task MarkPendingAsync(BatchTransaction transaction, CancellationToken ct)
    {
        await StageAsync(transaction, ct);
        if (await transaction.RunScriptAsync("Derived/mark_derived_pending", ct) == 0)
        {
            throw new DerivedTimeTakenException(ingestedAtUtc);
        }
    }

    /// <summary>
    /// In the trailing transaction: claims the batch and writes its sessions and funnel progress; false when a recovery
    /// claimed it first (nothing written). The caller commits.
    /// </summary>
    public async Task<bool> WriteAsync(BatchTransaction transaction, WarehouseOptions options, CancellationToken ct)
    {
        await StageAsync(transaction, ct);
        if (await transaction.RunScriptAsync("Derived/claim_derived_batch", ct) == 0)
        {
            return false;
        }

        if (sessionsOn)
        {
            await SessionWriter.WriteAsync(transaction, devices, options, ingestedAtUtc, ct);
        }
        else
        {
            await SessionWriter.MarkFactsWithoutSessionsAsync(transaction, devices, ct);
        }

        await FunnelProgressWriter.WriteAsync(transaction, devices, options.FunnelProgress, sessionsOn, ct);
        return true;
    }

    private Task StageAsync(BatchTransaction transaction, CancellationToken ct) =>
        transaction.StageAsync("Derived/stage_derived_batch", 2, [.. days], (w, day) =>
        {
            w.Timestamp(ingestedAtUtc);
            w.Date(day);
        }, ct);
}
