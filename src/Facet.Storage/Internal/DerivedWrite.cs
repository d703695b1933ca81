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
/// The pending row names its <paramref name="owner"/> (V024: the writing process's advisory lock), so that another
/// process's recovery leaves it to this trailing transaction while the process lives.
/// </summary>
internal sealed class DerivedWrite(BatchDevices devices, bool sessionsOn, DateTime ingestedAtUtc, IReadOnlyList<DateOnly> days, int? owner)
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

        await WriteRowsAsync(transaction, devices, sessionsOn, options, ingestedAtUtc, enter: null, ct);
        return true;
    }

    /// <summary>
    /// The derived rows of a batch's inserted events, in whichever transaction holds them (the batch's own, or its
    /// trailing one): sessions (or, with sessions off, the flag that facts without sessions exist), then funnel
    /// progress, which follows the facts whether or not sessions are on (the funnel report counts every fact).
    /// </summary>
    /// <param name="enter">Enters each step (the batch transaction's clock and fault hook); null in a trailing one.</param>
    public static async Task WriteRowsAsync(BatchTransaction transaction, BatchDevices devices, bool sessionsOn, WarehouseOptions options, DateTime ingestedAtUtc, Action<WriteStep>? enter, CancellationToken ct)
    {
        enter?.Invoke(WriteStep.Sessions);
        if (sessionsOn)
        {
            await SessionWriter.WriteAsync(transaction, devices, options, ingestedAtUtc, ct);
        }
        else
        {
            await SessionWriter.MarkFactsWithoutSessionsAsync(transaction, devices, ct);
        }

        enter?.Invoke(WriteStep.Funnels);
        await FunnelProgressWriter.WriteAsync(transaction, devices, options.FunnelProgress, sessionsOn, ct);
    }

    private Task StageAsync(BatchTransaction transaction, CancellationToken ct) =>
        transaction.StageAsync("Derived/stage_derived_batch", 3, days, (w, day) =>
        {
            w.Timestamp(ingestedAtUtc);
            w.Date(day);
            w.Int(owner);
        }, ct);
}
