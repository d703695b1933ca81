using Facet.Core.Events;
using Facet.Storage.Streams;

namespace Facet.Storage.Internal;

/// <summary>
/// A <see cref="WarehouseBatch"/> made ready to write: each stream's rows bound to its writer (in stream-name order),
/// rejections deduplicated on their source position, checkpoints in (group, topic, partition) order — deterministic
/// orders, so concurrent writers take locks in one order.
/// </summary>
internal sealed class PreparedBatch
{
    private PreparedBatch(List<(StreamTableWriter Writer, object Prepared)> streams, Dictionary<string, StreamRows> rows, List<Rejection> rejections, List<CheckpointAdvance> checkpoints)
    {
        Streams = streams;
        Rows = rows;
        Rejections = rejections;
        Checkpoints = checkpoints;
    }

    public List<(StreamTableWriter Writer, object Prepared)> Streams { get; }

    public List<Rejection> Rejections { get; }

    /// <summary>Each stream's records as given (duplicates and positions included), by stream name: the window step's watermarks.</summary>
    public IReadOnlyDictionary<string, StreamRows> Rows { get; }

    public List<CheckpointAdvance> Checkpoints { get; }

    public static PreparedBatch Create(WarehouseBatch batch, Func<string, StreamTableWriter> writerOf)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(batch.Streams);
        ArgumentNullException.ThrowIfNull(batch.Rejections);
        ArgumentNullException.ThrowIfNull(batch.Checkpoints);

        var streams = new List<(StreamTableWriter Writer, object Prepared)>(batch.Streams.Count);
        var given = new Dictionary<string, StreamRows>(StringComparer.Ordinal);
        foreach (var rows in batch.Streams)
        {
            var writer = writerOf(rows.Stream);
            streams.Add((writer, writer.PrepareFor(rows)));
            given[rows.Stream] = rows;
        }

        streams.Sort(static (a, b) => string.CompareOrdinal(a.Writer.Stream, b.Writer.Stream));
        for (var i = 1; i < streams.Count; i++)
        {
            if (streams[i - 1].Writer.Stream == streams[i].Writer.Stream)
            {
                throw new ArgumentException($"the batch holds stream '{streams[i].Writer.Stream}' twice: one StreamRows per stream", nameof(batch));
            }
        }

        var positions = new HashSet<SourcePosition>(batch.Rejections.Count);
        var rejections = new List<Rejection>(batch.Rejections.Count);
        foreach (var rejection in batch.Rejections)
        {
            if (positions.Add(rejection.Position))
            {
                rejections.Add(rejection);
            }
        }

        var checkpoints = new List<CheckpointAdvance>(batch.Checkpoints);
        checkpoints.Sort(static (a, b) =>
        {
            var c = string.CompareOrdinal(a.ConsumerGroup, b.ConsumerGroup);
            c = c != 0 ? c : string.CompareOrdinal(a.Topic, b.Topic);
            return c != 0 ? c : a.Partition.CompareTo(b.Partition);
        });
        for (var i = 1; i < checkpoints.Count; i++)
        {
            var (a, b) = (checkpoints[i - 1], checkpoints[i]);
            if (a.ConsumerGroup == b.ConsumerGroup && a.Topic == b.Topic && a.Partition == b.Partition)
            {
                throw new ArgumentException($"the batch advances checkpoint ({b.ConsumerGroup}, {b.Topic}, {b.Partition}) twice: merge the advances", nameof(batch));
            }
        }

        return new PreparedBatch(streams, given, rejections, checkpoints);
    }
}
