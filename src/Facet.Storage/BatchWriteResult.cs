using Facet.Storage.Streams;

namespace Facet.Storage;

/// <summary>
/// What one <see cref="IWarehouse.WriteBatchAsync"/> did, summed over its streams: records newly inserted, records
/// skipped as duplicates (inside the batch or already in the warehouse) and rejections newly written to bad_events.
/// <see cref="Streams"/> has each stream's share.
/// </summary>
public sealed record BatchWriteResult(int Inserted, int Duplicates, int Rejected)
{
    public IReadOnlyList<StreamWriteResult> Streams { get; init; } = [];

    // Equality is the totals: tests and callers compare outcomes, and a record's list compares by reference.
    public bool Equals(BatchWriteResult? other) =>
        other is not null && Inserted == other.Inserted && Duplicates == other.Duplicates && Rejected == other.Rejected;

    public override int GetHashCode() => HashCode.Combine(Inserted, Duplicates, Rejected);
}
