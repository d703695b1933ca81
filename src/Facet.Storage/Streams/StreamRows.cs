namespace Facet.Storage.Streams;

/// <summary>
/// One stream's records in a batch, as its warehouse writer takes them (see <see cref="IStreamWriter{TRecord}"/>).
/// Made by <see cref="IStreamWriter{TRecord}.Prepare"/>, which does the CPU part of the write (in-batch dedup, keys,
/// ordering) ahead of it, so a pipeline can prepare batch N+1 while batch N is being written.
/// </summary>
public abstract class StreamRows
{
    private protected StreamRows(string stream)
    {
        ArgumentException.ThrowIfNullOrEmpty(stream);
        Stream = stream;
    }

    /// <summary>The stream these records belong to; it selects the writer.</summary>
    public string Stream { get; }

    /// <summary>How many records were given (duplicates included).</summary>
    public abstract int Count { get; }

    /// <summary>The records, untyped (the window step reads their event times).</summary>
    internal abstract IReadOnlyList<object> AllRecords { get; }

    /// <summary>Where each record came from (same order as the records), for per-partition watermarks; null when unknown.</summary>
    internal abstract IReadOnlyList<Facet.Core.Events.SourcePosition>? Positions { get; }

    /// <summary>The writer that prepared them, and what it made (null: prepared by nobody yet).</summary>
    internal abstract object? PreparedBy { get; }
}
