using Facet.Storage.Internal;

namespace Facet.Storage.Tests.Warehouse;

/// <summary>
/// A stop with a deadline cancels the write in flight (issue 23: <c>facet demo</c>'s Ctrl-C waited out a batch's write
/// on a busy machine). Cancelled anywhere before the commit, the batch transaction rolls back whole.
/// </summary>
public abstract partial class WarehouseContractTests
{
    public static TheoryData<int> StepsBeforeCommit() => [.. Enum.GetValues<WriteStep>().Where(s => s != WriteStep.Commit).Select(s => (int)s)];

    [Theory]
    [MemberData(nameof(StepsBeforeCommit))]
    public async Task WriteBatchAsync_cancelled_during_a_step_rolls_back_whole_and_the_retry_succeeds(int step)
    {
        var options = new WarehouseOptions();
        var w = await OpenAsync(options);
        await w.WriteBatchAsync(WarehouseBatch.Clickstream([TestEvents.Event("seed")], [], [new CheckpointAdvance("g", "events", 0, -1, 1)]), CancellationToken.None);
        var before = await SnapshotAsync(w);
        var batch = WarehouseBatch.Clickstream(
            [TestEvents.Event("n1", productId: "9", country: "FR", browser: "Safari", deviceId: "new"), TestEvents.Event("seed")],
            [TestEvents.Rejection(3)],
            [new CheckpointAdvance("g", "events", 0, 1, 4)]) with { Info = new BatchInfo("w", 4, 0, TestEvents.Noon) };

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
        await AssertRollupsEqualRecountAsync(w);
    }
}
