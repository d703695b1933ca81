namespace Facet.Streaming.Loading;

/// <summary>
/// The bytes of the lines of one part of a batch (<see cref="Streams.BatchDecoding"/>), copied into large chunks that
/// are reused part after part. A line's bytes live in the reader's buffer only until the next read, so the part needs a
/// copy; one array per line (issue 22) was ~840 B allocated per event that lived through the whole batch's decode, so
/// every gen0 collection promoted them.
/// </summary>
/// <remarks>
/// A slice handed out is valid until <see cref="Reset"/>: the loader calls it only once the part is decoded
/// (decoders keep no reference to a message's bytes; rejections get their own copy of them).
/// </remarks>
internal sealed class LineBuffer
{
    // Large enough that a part of a batch needs a handful (8,192 lines of ~840 B ≈ 7 chunks; FileLoadOptions.DecodePartLines),
    // small enough that a line rarely wastes much of one; a line longer than this gets an array of its own.
    private const int ChunkBytes = 1 << 20;

    // Chunks kept from one part to the next: enough for 8,192 lines of ~8 KB; more are let go after the part.
    private const int RetainedChunks = 64;

    private readonly List<byte[]> _chunks = [];
    private int _chunk;
    private int _used;

    /// <summary>Copies <paramref name="line"/> into the buffer; the slice is valid until <see cref="Reset"/>.</summary>
    public ReadOnlyMemory<byte> Append(ReadOnlySpan<byte> line)
    {
        if (line.Length > ChunkBytes)
        {
            return line.ToArray();
        }

        if (_chunks.Count == 0 || _used + line.Length > ChunkBytes)
        {
            if (_chunks.Count > 0)
            {
                _chunk++;
            }

            if (_chunk == _chunks.Count)
            {
                _chunks.Add(GC.AllocateUninitializedArray<byte>(ChunkBytes));
            }

            _used = 0;
        }

        var chunk = _chunks[_chunk];
        line.CopyTo(chunk.AsSpan(_used));
        var slice = new ReadOnlyMemory<byte>(chunk, _used, line.Length);
        _used += line.Length;
        return slice;
    }

    /// <summary>Makes the whole buffer free again: every slice handed out since the last reset becomes invalid.</summary>
    public void Reset()
    {
        if (_chunks.Count > RetainedChunks)
        {
            _chunks.RemoveRange(RetainedChunks, _chunks.Count - RetainedChunks);
        }

        _chunk = 0;
        _used = 0;
    }
}
