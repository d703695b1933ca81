namespace Facet.Streaming.Loading;

/// <summary>Progress of a file load: bytes of the (possibly compressed) file read so far, out of its length when known.</summary>
public readonly record struct FileLoadProgress(string Source, long BytesRead, long? TotalBytes, long Lines, long Inserted);
