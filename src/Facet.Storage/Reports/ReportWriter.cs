using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Facet.Storage.Reports;

/// <summary>Writes report rows as JSON (an array of objects with the snake_case columns) or CSV (RFC 4180, header first).</summary>
public static class ReportWriter
{
    /// <summary>Writes <c>[{"rank":1,"product_id":"…",…},…]</c>.</summary>
    public static void WriteJsonRows(Utf8JsonWriter json, ReportResult result)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(result);
        var columns = result.Columns;
        json.WriteStartArray();
        foreach (var row in result.Rows)
        {
            json.WriteStartObject();
            var values = row.Values;
            for (var i = 0; i < columns.Count; i++)
            {
                json.WritePropertyName(columns[i]);
                WriteValue(json, values[i]);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The rows as a JSON array text.</summary>
    public static string ToJson(ReportResult result, bool indented = false)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented }))
        {
            WriteJsonRows(json, result);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    public static async Task WriteCsvAsync(TextWriter writer, ReportResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(result);
        var line = new StringBuilder();
        AppendCsvLine(line, result.Columns);
        foreach (var row in result.Rows)
        {
            AppendCsvLine(line, row.Values);
        }

        await writer.WriteAsync(line.ToString().AsMemory(), cancellationToken);
    }

    /// <summary>Any table as CSV (the header, then one line per row) with the report CSV's quoting and formats.</summary>
    public static async Task WriteCsvAsync(TextWriter writer, IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<object?>> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(rows);
        var line = new StringBuilder();
        AppendCsvLine(line, columns);
        foreach (var row in rows)
        {
            AppendCsvLine(line, row);
        }

        await writer.WriteAsync(line.ToString().AsMemory(), cancellationToken);
    }

    /// <summary>The header of <see cref="WriteBadEventsCsvAsync"/>.</summary>
    public static IReadOnlyList<string> BadEventColumns { get; } =
        ["received_at", "source", "partition", "offset", "reason_code", "message", "field", "raw", "raw_encoding"];

    /// <summary>
    /// Rejected messages as CSV, one line each, flushed every 1,000 lines so a big day streams in bounded memory.
    /// <c>raw</c> is the message as text when it is valid UTF-8 (<c>raw_encoding</c> utf8), else its base64 (base64).
    /// </summary>
    public static async Task WriteBadEventsCsvAsync(TextWriter writer, IAsyncEnumerable<BadEventRecord> rejects, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(rejects);
        var line = new StringBuilder();
        AppendCsvLine(line, BadEventColumns);
        var pending = 0;
        await foreach (var reject in rejects.WithCancellation(cancellationToken))
        {
            var (raw, encoding) = RawText(reject.Raw.Span);
            AppendCsvLine(line, new object?[]
            {
                reject.ReceivedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
                reject.Source, reject.Partition, reject.Offset, reject.ReasonCode, reject.Message, reject.Field, raw, encoding,
            });
            if (++pending == 1000)
            {
                await writer.WriteAsync(line.ToString().AsMemory(), cancellationToken);
                line.Clear();
                pending = 0;
            }
        }

        await writer.WriteAsync(line.ToString().AsMemory(), cancellationToken);
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static (string Text, string Encoding) RawText(ReadOnlySpan<byte> raw)
    {
        try
        {
            return (StrictUtf8.GetString(raw), "utf8");
        }
        catch (DecoderFallbackException)
        {
            return (Convert.ToBase64String(raw), "base64");
        }
    }

    /// <summary>A value as the CSV and table outputs print it (invariant culture; empty for null).</summary>
    public static string Format(object? value) => value switch
    {
        null => "",
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static void AppendCsvLine<T>(StringBuilder line, IReadOnlyList<T> values)
    {
        for (var i = 0; i < values.Count; i++)
        {
            if (i > 0)
            {
                line.Append(',');
            }

            var text = Format(values[i]);
            if (text.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                line.Append('"').Append(text.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                line.Append(text);
            }
        }

        line.Append("\r\n");
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case long l:
                json.WriteNumberValue(l);
                break;
            case double d:
                json.WriteNumberValue(d);
                break;
            case decimal m:
                json.WriteNumberValue(m);
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            default:
                json.WriteStringValue(Format(value));
                break;
        }
    }
}
