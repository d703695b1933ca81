namespace Facet.Streaming.Processing;

/// <summary>How <c>facet run</c> consumes and batches. The streams (and so the topics) and the Kafka connection settings come separately.</summary>
public sealed class StreamProcessorOptions
{
    public string GroupId { get; init; } = "facet";

    /// <summary>A batch closes this long after its first message arrived…</summary>
    /// <remarks>
    /// 400 ms (500 until issue 22): at a steady 20,000 events/s on the 2-core bench machine a message's rows are in the
    /// warehouse after p99 ~0.89 s against ~1.0 s at 500 ms, for 5–10 % more CPU of both processes at that rate
    /// (more, smaller batches); saturated, the batches are as large as the backlog either way (BENCHMARKS.md, "Issue 22:
    /// `facet run` decodes a batch while it fills").
    /// </remarks>
    public TimeSpan Trigger { get; init; } = DefaultTrigger;

    /// <summary><see cref="Trigger"/> unless told otherwise (<c>facet run --trigger</c>).</summary>
    public static readonly TimeSpan DefaultTrigger = TimeSpan.FromMilliseconds(400);

    /// <summary>
    /// Messages of a batch unless told otherwise (<c>facet run --max-batch</c>). Below saturation the trigger closes
    /// batches first, so this matters when there is a backlog, where fewer, larger batches rewrite each touched device's
    /// sessions, funnel rows and daily rollups fewer times (issue 22, 1M events through the embedded Kafka into
    /// PostgreSQL, two pairs against 20,000: PostgreSQL CPU −17 and −20 %, +16 and +19 % msg/s, peak RSS ~585 → ~665
    /// MiB of a 1 GiB budget). <c>facet load</c> takes more (<see cref="Loading.FileLoadOptions.DefaultMaxBatch"/>): no
    /// trigger bounds its freshness, and it holds one part of a batch's lines at a time.
    /// </summary>
    public const int DefaultMaxBatch = 30_000;

    /// <summary>…or when it holds this many messages, whichever comes first.</summary>
    public int MaxBatch { get; init; } = DefaultMaxBatch;

    public StartingOffsets StartingOffsets { get; init; } = StartingOffsets.Earliest;

    /// <summary>Exit after this long with no new message and nothing pending (backfills, tests); null: run until stopped.</summary>
    public TimeSpan? StopWhenIdle { get; init; }

    public DataLossPolicy OnDataLoss { get; init; } = DataLossPolicy.Fail;

    /// <summary>How often a one-line JSON status goes to the log.</summary>
    public TimeSpan StatusInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Longest wait between warehouse retries.</summary>
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a stop (SIGINT/SIGTERM) may take to commit the last batch: waiting for the write in flight, writing what
    /// is pending, retrying against an unavailable warehouse. A write still running when it passes is cancelled and
    /// rolled back; its messages are re-read from the checkpoint on the next start.
    /// </summary>
    public TimeSpan ShutdownFlushTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Names this process in pipeline_batches and logs.</summary>
    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}";

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(GroupId))
        {
            throw new ArgumentException("a consumer group is required (--group)", nameof(GroupId));
        }

        if (Trigger <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(Trigger), Trigger, $"--trigger must be positive (got {Trigger})");
        }

        if (MaxBatch < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxBatch), MaxBatch, $"--max-batch must be at least 1 (got {MaxBatch})");
        }
    }
}
