namespace Facet.Storage;

/// <summary>
/// What one <see cref="IWarehouse.WriteBatchAsync"/> did: facts newly inserted, events skipped as duplicates
/// (inside the batch or already in the warehouse) and rejections newly written to bad_events.
/// </summary>
public sealed record BatchWriteResult(int Inserted, int Duplicates, int Rejected);
