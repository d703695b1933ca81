using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// A stop with a deadline cancels the write in flight (issue 23: <c>facet demo</c>'s Ctrl-C waited out a batch's write
/// on a busy machine). Cancelled anywhere before the commit, the batch transaction rolls back whole.
/// </summary>
public abstract partial class WarehouseContractTests
{
    /// <summary>The steps of a batch written with its derived rows inline (DerivedPending: see the PostgreSQL tests).</summary>
    public static TheoryData<int> StepsBeforeCommit() =>
        [.. Enum.GetValues<WriteStep>().Where(s => s is not WriteStep.Commit and not WriteStep.DerivedPending).Select(s => (int)s)];

    [Theory]
    [MemberData(nameof(StepsBeforeCommit))]
    public Task WriteBatchAsync_cancelled_during_a_step_rolls_back_whole_and_the_retry_succeeds(int step) =>
        CancelDuringStepAsync(step, new WarehouseOptions());

    protected async Task CancelDuringStepAsync(int step, WarehouseOptions options)
    {
        var (w, before, batch) = await OpenForStepFaultAsync(options);

        // The stop arrives while the step runs: PostgreSQL's driver cancels its statements, DuckDB stops at the next step.
        using var stop = new CancellationTokenSource();
        options.BeforeStep = s =>
        {
            if ((int)s == step)
            {
                stop.Cancel();
            }
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => w.WriteBatchAsync(batch, stop.Token));
        Assert.Equal(before, await SnapshotAsync(w));

        options.BeforeStep = null;
        Assert.Equal(new BatchWriteResult(1, 1, 1), await w.WriteBatchAsync(batch, CancellationToken.None));
        Assert.Equal(4, (await w.ReadCheckpointsAsync("g", "events", CancellationToken.None))[0]);
        await w.FlushAsync(CancellationToken.None); // rollups that trail their batch (PostgreSQL's trailing transactions)
        await AssertRollupsEqualRecountAsync(w);
    }
}
