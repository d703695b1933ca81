namespace Facet.Core.Input;

/// <summary>
/// One line from <see cref="NdjsonFileReader"/>, without its '\n' and a trailing '\r'.
/// <see cref="Bytes"/> points into the reader's pooled buffer: it is valid only until the next read from that reader,
/// so copy what must outlive it (EventParser already does: events hold strings, rejections copy their raw bytes).
/// </summary>
/// <param name="Bytes">The line's bytes; only its first bytes when <see cref="IsTruncated"/>.</param>
/// <param name="LineNumber">1-based line number in the (decompressed) input, counting blank lines.</param>
/// <param name="Length">The line's full length in bytes (without '\n' and a trailing '\r').</param>
public readonly record struct NdjsonLine(ReadOnlyMemory<byte> Bytes, long LineNumber, long Length)
{
    /// <summary>True when the line was longer than the reader's limit and <see cref="Bytes"/> holds only a prefix.</summary>
    public bool IsTruncated => Length > Bytes.Length;
}
