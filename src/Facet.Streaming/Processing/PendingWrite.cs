using Facet.Storage;

namespace Facet.Streaming.Processing;

/// <summary>A batch ready for <see cref="IWarehouse.WriteBatchAsync"/>, the messages it covers, and what its caller needs back on commit.</summary>
internal sealed record PendingWrite(WarehouseBatch Batch, int Messages, object? Tag = null);
