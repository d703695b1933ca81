using Facet.Storage;
using Facet.Storage.Streams;

namespace Facet.Streaming.Tests.Processing;

/// <summary>
/// A real warehouse with a fault injected around its batch writes: every other member goes straight to
/// <paramref name="inner"/>, so a test's wrapper says only what it does to <see cref="WriteBatchAsync"/>.
/// </summary>
internal abstract class WrappedWarehouse(IWarehouse inner) : IWarehouse
{
    protected IWarehouse Inner => inner;

    public WarehouseLocation Location => inner.Location;

    public Task MigrateAsync(CancellationToken ct) => inner.MigrateAsync(ct);

    public IStreamWriter<TRecord> Writer<TRecord>(string stream)
        where TRecord : class => inner.Writer<TRecord>(stream);

    public Task<IReadOnlyDictionary<int, long>> ReadCheckpointsAsync(string consumerGroup, string topic, CancellationToken ct) =>
        inner.ReadCheckpointsAsync(consumerGroup, topic, ct);

    public abstract Task<BatchWriteResult> WriteBatchAsync(WarehouseBatch batch, CancellationToken ct);

    public virtual Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);

    public virtual ValueTask DisposeAsync() => inner.DisposeAsync();
}
