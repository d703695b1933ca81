using System.Text;
using Avro;
using Avro.File;
using Avro.Generic;

namespace Facet.Streaming.Avro.Commerce;

/// <summary>
/// An Avro object container file (what Avro's own tools, Spark and Python's avro write) read as NDJSON: each record,
/// resolved from the file's writer schema to the stream's <c>.avsc</c>, becomes the JSON line the stream's JSON decoder
/// validates (<see cref="AvroJsonWriter"/>), as on the Kafka Avro path. So <c>facet load --value-format avro</c> keeps
/// the stream's rules and reject reasons, and its per-line checkpoints count records (record N = line N).
/// </summary>
public sealed class AvroContainerNdjsonStream : Stream
{
    private readonly IFileReader<GenericRecord> _reader;
    private byte[] _line = [];
    private int _offset;

    /// <summary>Opens the container; throws <see cref="InvalidDataException"/> naming the problem when it is not one, or its records cannot be read as <paramref name="topic"/>'s.</summary>
    public AvroContainerNdjsonStream(Stream container, string topic)
    {
        ArgumentNullException.ThrowIfNull(container);
        try
        {
            _reader = DataFileReader<GenericRecord>.OpenReader(container, CommerceAvroRecords.SchemaOf(topic));
        }
        catch (Exception ex) when (ex is AvroException or IOException or InvalidOperationException)
        {
            throw new InvalidDataException($"not an Avro object container file of {topic} records ({ex.Message.Split('\n')[0].TrimEnd('.', '!')})", ex);
        }
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        while (_offset == _line.Length)
        {
            if (!NextLine())
            {
                return 0;
            }
        }

        var n = Math.Min(buffer.Length, _line.Length - _offset);
        _line.AsSpan(_offset, n).CopyTo(buffer);
        _offset += n;
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
            _reader.Dispose();
        }

        base.Dispose(disposing);
    }

    private bool NextLine()
    {
        GenericRecord record;
        try
        {
            if (!_reader.HasNext())
            {
                return false;
            }

            record = _reader.Next();
        }
        catch (Exception ex) when (ex is AvroException or IOException or InvalidCastException)
        {
            throw new InvalidDataException($"the Avro container is cut short or corrupt ({ex.Message.Split('\n')[0]})", ex);
        }

        byte[] json;
        try
        {
            json = AvroJsonWriter.ToUtf8(record);
        }
        catch (Exception ex) when (ex is FormatException or OverflowException or InvalidCastException or InvalidOperationException)
        {
            // Kept as a line the JSON decoder rejects (no id), with what went wrong as its raw text: nothing is dropped.
            json = Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["avro_record_not_mapped"] = ex.Message }));
        }

        _line = new byte[json.Length + 1];
        json.CopyTo(_line, 0);
        _line[^1] = (byte)'\n';
        _offset = 0;
        return true;
    }
}
