namespace Facet.Streaming.Loading;

/// <summary>What loading one file did. <see cref="SkippedLines"/> were already loaded by an earlier run (checkpoint).</summary>
public sealed record FileLoadResult(string Source, long Lines, long SkippedLines, long Inserted, long Duplicates, long Rejected, long Bots);
