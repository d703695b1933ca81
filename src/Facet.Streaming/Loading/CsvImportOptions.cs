using Facet.Core.Commerce;

namespace Facet.Streaming.Loading;

/// <summary>How <c>facet import csv</c> batches and checkpoints files.</summary>
public sealed class CsvImportOptions
{
    /// <summary>The checkpoint "consumer group" of CSV imports; the "topic" is the file's identity (<see cref="CommerceCsvImporter.CheckpointKey"/>).</summary>
    public string CheckpointGroup { get; init; } = "facet-import-csv";

    /// <summary>Rows (accepted and rejected) per warehouse transaction: large, since a commit and a COPY start cost the same for 1k rows as for 50k.</summary>
    public int MaxBatch { get; init; } = 50_000;

    /// <summary>Decoder options (clock, default currency); null: Shape B's (IDR).</summary>
    public CommerceDecoderOptions? Decoder { get; init; }

    /// <summary>Longest wait between warehouse retries.</summary>
    public TimeSpan MaxRetryBackoff { get; init; } = TimeSpan.FromSeconds(15);

    /// <summary>Give up on a warehouse that stays unavailable this long.</summary>
    public TimeSpan RetryTimeout { get; init; } = TimeSpan.FromMinutes(5);

    public string WorkerId { get; init; } = $"{Environment.MachineName}-{Environment.ProcessId}-import";
}
