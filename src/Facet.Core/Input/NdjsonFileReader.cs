using System.Buffers;
using System.IO.Compression;
using Facet.Core.Parsing;

namespace Facet.Core.Input;

/// <summary>
/// Reads NDJSON (one message per '\n'-terminated line, a trailing '\r' stripped) from a file, a gzip file (by the
/// ".gz" extension or the gzip magic bytes) or standard input ("-"), as raw bytes: nothing is decoded to strings.
/// </summary>
/// <remarks>
/// Synchronous by design: a single consumer pulls lines with <see cref="TryReadLine"/> (or <see cref="ReadLines"/>) and
/// hands them to <see cref="EventParser"/>; file and gzip reads are the cheap part. Memory is bounded: one pooled
/// buffer of at most about twice <c>maxLineBytes</c>. A line longer than <c>maxLineBytes</c> is not buffered whole:
/// it is returned with its first <c>truncatedPrefixBytes</c> bytes, its full <see cref="NdjsonLine.Length"/> and
/// <see cref="NdjsonLine.IsTruncated"/> set, and the rest is skipped. Blank lines are counted but not returned.
/// Each returned line's bytes are valid until the next read. Not thread-safe (one reader per consumer).
/// Read errors surface as <see cref="IOException"/>, a corrupt gzip stream as <see cref="InvalidDataException"/>.
/// </remarks>
public sealed class NdjsonFileReader : IDisposable
{
    /// <summary>The path that means standard input.</summary>
    public const string StandardInputPath = "-";

    private const int InitialBufferBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly int _maxLineBytes;
    private readonly int _truncatedPrefixBytes;
    private readonly int _capacityLimit;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _scanned;
    private bool _eof;
    private long _lineNumber;
    private bool _disposed;

    private NdjsonFileReader(Stream stream, string source, bool isGzip, int maxLineBytes, int truncatedPrefixBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(truncatedPrefixBytes);
        _stream = stream;
        Source = source;
        IsGzip = isGzip;
        _maxLineBytes = maxLineBytes;
        _truncatedPrefixBytes = Math.Min(truncatedPrefixBytes, maxLineBytes);
        _capacityLimit = maxLineBytes + 2;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferBytes, _capacityLimit));
    }

    /// <summary>The path given to <see cref="Open"/> ("-" for standard input) or the name given to <see cref="FromStream"/>.</summary>
    public string Source { get; }

    /// <summary>True when the input is decompressed as gzip.</summary>
    public bool IsGzip { get; }

    /// <summary>The number of the last line read (1-based; 0 before the first).</summary>
    public long LineNumber => _lineNumber;

    /// <summary>
    /// Opens <paramref name="path"/> ("-" = standard input). Throws <see cref="FileNotFoundException"/>,
    /// <see cref="DirectoryNotFoundException"/>, <see cref="UnauthorizedAccessException"/> or <see cref="IOException"/>
    /// when it cannot be opened.
    /// </summary>
    public static NdjsonFileReader Open(string path, int maxLineBytes = ParserOptions.DefaultMaxMessageBytes, int truncatedPrefixBytes = ParserOptions.DefaultTooLargeRawPrefixBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (path == StandardInputPath)
        {
            return FromStream(Console.OpenStandardInput(), StandardInputPath, maxLineBytes, truncatedPrefixBytes);
        }

        if (Directory.Exists(path))
        {
            throw new UnauthorizedAccessException($"'{path}' is a directory, not a file.");
        }

        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        try
        {
            return FromStream(file, path, maxLineBytes, truncatedPrefixBytes, gzipHint: path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase));
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    /// <summary>Reads NDJSON from <paramref name="stream"/> (gzip detected by its magic bytes, or forced by <paramref name="gzipHint"/>); disposes it.</summary>
    public static NdjsonFileReader FromStream(Stream stream, string source, int maxLineBytes = ParserOptions.DefaultMaxMessageBytes, int truncatedPrefixBytes = ParserOptions.DefaultTooLargeRawPrefixBytes, bool gzipHint = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);

        // Peek at the first two bytes (stdin cannot seek), then replay them in front of the rest.
        var magic = new byte[2];
        var peeked = 0;
        while (peeked < magic.Length)
        {
            var n = stream.Read(magic, peeked, magic.Length - peeked);
            if (n == 0)
            {
                break;
            }

            peeked += n;
        }

        var isGzip = gzipHint || (peeked == 2 && magic[0] == 0x1f && magic[1] == 0x8b);
        Stream input = new ReplayStream(magic.AsMemory(0, peeked), stream);
        if (isGzip && peeked > 0)
        {
            input = new GZipStream(input, CompressionMode.Decompress);
        }

        return new NdjsonFileReader(input, source, isGzip, maxLineBytes, truncatedPrefixBytes);
    }

    /// <summary>Reads the next non-blank line; false at the end of the input. The line's bytes are valid until the next call.</summary>
    public bool TryReadLine(out NdjsonLine line)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        while (true)
        {
            var newline = _buffer.AsSpan(_start + _scanned, _end - _start - _scanned).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                var lineStart = _start;
                var lineEnd = _start + _scanned + newline;
                _start = lineEnd + 1;
                _scanned = 0;
                if (TakeLine(lineStart, lineEnd, out line))
                {
                    return true;
                }

                continue;
            }

            _scanned = _end - _start;
            if (_eof)
            {
                if (_end == _start)
                {
                    line = default;
                    return false;
                }

                var lineStart = _start;
                _start = _end;
                _scanned = 0;
                if (TakeLine(lineStart, _end, out line))
                {
                    return true;
                }

                continue;
            }

            if (_end - _start > _maxLineBytes + 1)
            {
                // No '\n' within maxLineBytes + 2 bytes: too long whatever '\r' ends it. Keep a prefix, skip the rest.
                line = SkipOversizedLine();
                return true;
            }

            Fill();
        }
    }

    /// <summary>Every non-blank line in order (see <see cref="TryReadLine"/>: each line's bytes are valid until the next one).</summary>
    public IEnumerable<NdjsonLine> ReadLines()
    {
        while (TryReadLine(out var line))
        {
            yield return line;
        }
    }

    private bool TakeLine(int start, int end, out NdjsonLine line)
    {
        _lineNumber++;
        var length = end - start;
        if (length > 0 && _buffer[end - 1] == (byte)'\r')
        {
            length--;
        }

        line = new NdjsonLine(_buffer.AsMemory(start, length), _lineNumber, length);
        return length > 0;
    }

    private void Fill()
    {
        var pending = _end - _start;
        if (_start > 0)
        {
            // Compaction invalidates the previously returned line, which the contract allows.
            _buffer.AsSpan(_start, pending).CopyTo(_buffer);
            _start = 0;
            _end = pending;
        }

        if (_end == _buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(_buffer.Length * 2, _capacityLimit));
            _buffer.AsSpan(0, _end).CopyTo(bigger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }

        var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _eof = true;
        }

        _end += read;
    }

    private NdjsonLine SkipOversizedLine()
    {
        var consumed = (long)(_end - _start);
        var last = _buffer[_end - 1];
        var keep = Math.Min(_truncatedPrefixBytes, _end - _start);
        _buffer.AsSpan(_start, keep).CopyTo(_buffer);

        // Read on into the space after the kept prefix until the line's '\n' (or the end of the input).
        while (true)
        {
            var read = _stream.Read(_buffer, keep, _buffer.Length - keep);
            if (read == 0)
            {
                _eof = true;
                _start = _end = keep;
                break;
            }

            var newline = _buffer.AsSpan(keep, read).IndexOf((byte)'\n');
            if (newline >= 0)
            {
                consumed += newline;
                if (newline > 0)
                {
                    last = _buffer[keep + newline - 1];
                }

                _start = keep + newline + 1;
                _end = keep + read;
                break;
            }

            consumed += read;
            last = _buffer[keep + read - 1];
        }

        if (last == (byte)'\r')
        {
            consumed--;
        }

        _scanned = 0;
        _lineNumber++;
        return new NdjsonLine(_buffer.AsMemory(0, keep), _lineNumber, consumed);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stream.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Replays a few peeked bytes, then reads the inner stream.</summary>
    private sealed class ReplayStream(ReadOnlyMemory<byte> head, Stream inner) : Stream
    {
        private ReadOnlyMemory<byte> _head = head;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (_head.IsEmpty)
            {
                return inner.Read(buffer);
            }

            var n = Math.Min(buffer.Length, _head.Length);
            _head.Span[..n].CopyTo(buffer);
            _head = _head[n..];
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
