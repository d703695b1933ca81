using Facet.Core.Events;

namespace Facet.Storage.Streams;

/// <summary>
/// The warehouse side of a stream: writes its records into the stream's tables inside the batch transaction
/// (<see cref="IWarehouse.WriteBatchAsync"/>), deduplicated on the stream's own key. Obtained from
/// <see cref="IWarehouse.Writer{TRecord}"/>.
/// </summary>
public interface IStreamWriter<TRecord>
    where TRecord : class
{
    string Stream { get; }

    /// <summary>
    /// Does the CPU part of the write now (in-batch dedup, natural keys, row order) and returns the rows to put in a
    /// <see cref="WarehouseBatch"/>. Thread-safe, also while a write is in flight. Decides in-batch duplicates: the
    /// first record with a key wins; they are counted in the write's <see cref="StreamWriteResult.Duplicates"/>.
    /// </summary>
    StreamRows<TRecord> Prepare(IReadOnlyList<TRecord> records);

    /// <summary>
    /// <see cref="Prepare(IReadOnlyList{TRecord})"/>, keeping each record's source position (same order) so event-time
    /// windows can keep a watermark per partition (issue 19). A writer that does not keep them prepares without.
    /// </summary>
    StreamRows<TRecord> Prepare(IReadOnlyList<TRecord> records, IReadOnlyList<SourcePosition> positions) => Prepare(records);
}
