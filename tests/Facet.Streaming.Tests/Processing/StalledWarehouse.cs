using Facet.Storage;

namespace Facet.Streaming.Tests.Processing;

/// <summary>
/// A real warehouse whose batch writes never finish on their own: each waits until its cancellation token fires, as a
/// write on a starved machine outlives any stop deadline. Every other call goes straight to the real warehouse (<see cref="WrappedWarehouse"/>).
/// </summary>
internal sealed class StalledWarehouse(IWarehouse inner) : WrappedWarehouse(inner)
{
    private int _writes;
    private int _cancelled;

    public int Writes => Volatile.Read(ref _writes);

    public int Cancelled => Volatile.Read(ref _cancelled);

    public override async Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct)
    {
        Interlocked.Increment(ref _writes);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            Interlocked.Increment(ref _cancelled);
            throw;
        }

        throw new InvalidOperationException("unreachable: an infinite delay ended without cancellation");
    }
}
