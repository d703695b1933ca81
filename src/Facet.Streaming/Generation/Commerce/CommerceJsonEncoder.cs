using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Facet.Core.Commerce;

namespace Facet.Streaming.Generation.Commerce;

/// <summary>
/// Encodes generated items as Facet's JSON form (<see cref="CommerceJsonWriter"/>) into one reused buffer; a
/// truncated malformed item is cut in half. The returned bytes are valid until the next call. One thread.
/// </summary>
public sealed class CommerceJsonEncoder
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    private readonly ArrayBufferWriter<byte> _buffer = new(1024);
    private readonly Utf8JsonWriter _writer;

    public CommerceJsonEncoder() => _writer = new Utf8JsonWriter(_buffer, WriterOptions);

    public ReadOnlyMemory<byte> Encode(in CommerceItem item)
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
        switch (item.Record)
        {
            case Customer c:
                CommerceJsonWriter.Write(_writer, c);
                break;
            case Product p:
                CommerceJsonWriter.Write(_writer, p);
                break;
            case Order o:
                CommerceJsonWriter.Write(_writer, o);
                break;
            case ProductView v:
                CommerceJsonWriter.Write(_writer, v);
                break;
            case UserInteraction u:
                CommerceJsonWriter.Write(_writer, u);
                break;
            case ClickEvent e:
                CommerceJsonWriter.Write(_writer, e);
                break;
            case SystemLogEntry l:
                CommerceJsonWriter.Write(_writer, l);
                break;
            default:
                throw new ArgumentException($"not a commerce record: {item.Record.GetType().Name}", nameof(item));
        }

        _writer.Flush();
        var written = _buffer.WrittenMemory;
        return item.Truncate ? written[..Math.Max(1, written.Length / 2)] : written;
    }
}
