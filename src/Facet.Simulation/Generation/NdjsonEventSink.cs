using System.IO.Compression;

namespace Facet.Simulation.Generation;

/// <summary>Writes one message per line to a stream: a file (<c>.ndjson</c>, or gzip for <c>.gz</c>) or stdout.</summary>
public sealed class NdjsonEventSink : IEventSink
{
    private readonly Stream _stream;
    private readonly Stream? _inner;
    private readonly bool _ownsStream;

    private NdjsonEventSink(Stream stream, Stream? inner, bool ownsStream)
    {
        _stream = stream;
        _inner = inner;
        _ownsStream = ownsStream;
    }

    public long Failed => 0;

    public string? FirstError => null;

    /// <summary>Creates (or truncates) <paramref name="path"/>; a path ending in <c>.gz</c> is gzip-compressed.</summary>
    public static NdjsonEventSink Create(string path)
    {
        var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 20);
        if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            var gzip = new GZipStream(file, CompressionLevel.Fastest);
            return new NdjsonEventSink(new BufferedStream(gzip, 1 << 20), gzip, ownsStream: true);
        }

        return new NdjsonEventSink(file, null, ownsStream: true);
    }

    /// <summary>Writes to a stream the caller owns (e.g. stdout), buffered.</summary>
    public static NdjsonEventSink ForStream(Stream stream) => new(new BufferedStream(stream, 1 << 16), null, ownsStream: false);

    public void Write(ReadOnlySpan<byte> payload)
    {
        _stream.Write(payload);
        _stream.WriteByte((byte)'\n');
    }

    public void Flush(CancellationToken cancellationToken)
    {
        _stream.Flush();
        _inner?.Flush();
    }

    public void Dispose()
    {
        if (_ownsStream)
        {
            _stream.Dispose();
            _inner?.Dispose();
        }
        else
        {
            _stream.Flush();
        }
    }
}
