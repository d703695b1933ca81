using Facet.Storage;

namespace Facet.Streaming.Tests.Processing;

/// <summary>
/// A real warehouse whose first batch write is held until the test releases it — before it is written, or (with
/// <see cref="LoseFirstAcknowledgement"/>) after it committed, then failing with a transient error as a lost
/// acknowledgement would. Every other call goes straight to the real warehouse.
/// </summary>
internal sealed class HeldWarehouse(IWarehouse inner) : WrappedWarehouse(inner)
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _writes;

    public bool LoseFirstAcknowledgement { get; init; }

    public int Writes => Volatile.Read(ref _writes);

    public void Release() => _release.TrySetResult();

    public override async Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct)
    {
        if (Interlocked.Increment(ref _writes) != 1)
        {
            return await Inner.WriteBatchAsync(batch, ct);
        }

        if (!LoseFirstAcknowledgement)
        {
            await _release.Task;
            return await Inner.WriteBatchAsync(batch, ct);
        }

        await Inner.WriteBatchAsync(batch, ct);
        await _release.Task;
        throw new TimeoutException("the commit's acknowledgement was lost (injected)");
    }
}
