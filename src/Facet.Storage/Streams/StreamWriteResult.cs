namespace Facet.Storage.Streams;

/// <summary>
/// What one stream's part of a batch did: records newly stored, and records skipped as duplicates (of an earlier
/// record in the same batch, or of one already stored) — decided and counted in one place, the stream's writer.
/// </summary>
public sealed record StreamWriteResult(string Stream, int Inserted, int Duplicates);
