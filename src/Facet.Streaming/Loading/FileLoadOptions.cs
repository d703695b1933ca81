namespace Facet.Streaming.Loading;

/// <summary>How <c>facet load</c> batches and checkpoints files.</summary>
public sealed class FileLoadOptions
{
    /// <summary>The checkpoint "consumer group" of file loads; the "topic" is the file's full path.</summary>
    public string CheckpointGroup { get; init; } = "facet-load";

    /// <summary>
    /// Lines per warehouse transaction unless told otherwise (<c>facet load --max-batch</c>). Fewer batches rewrite each
    /// device's sessions, funnel rows and daily rollups fewer times: 30,000 against 20,000 took PostgreSQL 52.8 → 42.8
    /// µs/event, 40,000 against 30,000 41.8/42.5 → 37.0/36.9 (issue 22, 1M events into PostgreSQL). Since a batch is
    /// decoded a part at a time (<see cref="DecodePartLines"/>) its lines no longer grow with it: 60,000 against 40,000
    /// took 32.6–35.1 s instead of 37.1–37.9 with the peak working set at 489–494 MiB instead of 451–479, and DuckDB 26.6
    /// s instead of 29.3. 90,000 took 31.4/32.2 s against 34.9/34.8 at 60,000, but peaked at 547–562 MiB against 481:
    /// too little margin under the 600 MB (572 MiB) a load should stay within. Since the trailing transactions (which hold the
    /// batch before while the next is written) a 2M load peaks at 570–630 MiB at 60,000 and at 45,000 alike, the latter
    /// for 10–18 % more PostgreSQL CPU. <c>facet run</c> keeps 30,000: a batch there also bounds freshness.
    /// BENCHMARKS.md has the pairs.
    /// </summary>
    public const int DefaultMaxBatch = 60_000;

    public int MaxBatch { get; init; } = DefaultMaxBatch;

    /// <summary>
    /// The warehouse's <see cref="Storage.WarehouseOptions.TrailGatherTime"/> in <c>facet load</c>: none — a batch of
    /// <see cref="DefaultMaxBatch"/> lines is a trail's worth, whose derived rows are written beside the next batch.
    /// Waiting for the next batch too (a trail of two: the devices they share read and rewritten once) took PostgreSQL
    /// ~10 % less CPU per 1M events, but a 2M load peaked at 603–668 MiB instead of 564–609, further past the 600 MB
    /// (572 MiB) a load should stay within (issue 22, BENCHMARKS.md). A smaller <c>--max-batch</c> still shares trails: a trail takes
    /// every batch committed while the one before it ran.
    /// </summary>
    public static readonly TimeSpan TrailGatherTime = TimeSpan.Zero;

    /// <summary>
    /// The warehouse's <see cref="Storage.WarehouseOptions.TrailQueuedEvents"/> in <c>facet load</c>: 100,000, not the
    /// default 150,000, at which a third 60,000-line batch could queue behind a running trail (at 100,000 two): a batch
    /// more held, against the 600 MB (572 MiB) a load should stay within (issue 22).
    /// </summary>
    public const long TrailQueuedEvents = 100_000;

    /// <summary>
    /// Lines decoded at a time within a batch (<see cref="Streams.BatchDecoding"/>): the lines held in memory while a
    /// batch is read. Two 2,048-line decode chunks per decoding core, at least 8,192 (issue 22).
    /// </summary>
    public int DecodePartLines { get; init; } = Math.Max(8_192, 4_096 * (Environment.ProcessorCount - 1));

    /// <summary>Longest wait between warehouse retries.</summary>
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Give up on a warehouse that stays unavailable this long.</summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The topic whose <c>.avsc</c> the files' Avro records are read as, when the files are Avro object container files
    /// (<c>--value-format avro</c>); null for NDJSON.
    /// </summary>
    public string? AvroContainerTopic { get; init; }

    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-load";
}
