using Facet.Storage;

namespace Facet.Streaming.Tests.Processing;

/// <summary>
/// A real warehouse whose <see cref="IWarehouse.FlushAsync"/> fails with a transient error, as when the warehouse goes
/// down after the last batch committed and its trailing sessions and funnel progress cannot be written.
/// </summary>
internal sealed class FlushFailingWarehouse(IWarehouse inner) : WrappedWarehouse(inner)
{
    private int _flushes;

    public int Flushes => Volatile.Read(ref _flushes);

    public override Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct) => Inner.WriteBatchAsync(batch, ct);

    public override Task FlushAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _flushes);
        throw new TimeoutException("the warehouse stopped answering (injected)");
    }
}
