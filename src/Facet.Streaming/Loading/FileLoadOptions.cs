namespace Facet.Streaming.Loading;

/// <summary>How <c>facet load</c> batches and checkpoints files.</summary>
public sealed class FileLoadOptions
{
    /// <summary>The checkpoint "consumer group" of file loads; the "topic" is the file's full path.</summary>
    public string CheckpointGroup { get; init; } = "facet-load";

    public int MaxBatch { get; init; } = 20_000;

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
