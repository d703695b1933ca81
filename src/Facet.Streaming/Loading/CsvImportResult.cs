namespace Facet.Streaming.Loading;

/// <summary>
/// What importing one CSV file did. <see cref="AlreadyImported"/>: an earlier import finished this very file (same
/// path, size and content), so nothing was read. <see cref="ResumedAtLine"/>: an earlier import stopped midway and this
/// one started at that line (0: from the start). <see cref="Rows"/> counts the rows read by this import.
/// </summary>
public sealed record CsvImportResult(string Source, string Stream, bool AlreadyImported, long ResumedAtLine, long Rows, long Inserted, long Duplicates, long Rejected);
