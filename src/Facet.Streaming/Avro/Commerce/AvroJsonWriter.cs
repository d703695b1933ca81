using System.Buffers;
using System.Collections;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Avro;
using Avro.Generic;
using AvroSchema = Avro.Schema;

namespace Facet.Streaming.Avro.Commerce;

/// <summary>
/// Writes a decoded Avro record as the JSON object the commerce JSON decoders read, walking the record's schema:
/// field names as in the schema (the decoders know the <c>.avsc</c> names as aliases), nulls left out, enums as their
/// symbol, <c>decimal</c> as an exact number, <c>timestamp-*</c> as ISO-8601 UTC, <c>date</c> as yyyy-MM-dd, bytes as
/// base64, and a string field named <c>other_json</c> (the schemas' "other keys as one JSON object") spread into its
/// object. So an Avro record obeys exactly the rules, defaults and reason codes of its JSON form (docs/commerce.md).
/// </summary>
internal static class AvroJsonWriter
{
    /// <summary>The name of the string field whose JSON object holds the keys a schema has no field for.</summary>
    public const string OtherJsonField = "other_json";

    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The record as UTF-8 JSON; throws <see cref="FormatException"/> for a value JSON cannot hold (NaN, infinity).</summary>
    public static byte[] ToUtf8(GenericRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, Options))
        {
            WriteRecord(writer, record.Schema, record);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRecord(Utf8JsonWriter writer, RecordSchema schema, GenericRecord record)
    {
        writer.WriteStartObject();
        foreach (var field in schema.Fields)
        {
            var value = record.GetValue(field.Pos);
            if (value is null)
            {
                continue;
            }

            if (field.Name == OtherJsonField && value is string other)
            {
                using var document = JsonDocument.Parse(other);
                if (document.RootElement.ValueKind != JsonValueKind.Object)
                {
                    throw new FormatException($"{OtherJsonField} must hold a JSON object, not {document.RootElement.ValueKind}");
                }

                foreach (var property in document.RootElement.EnumerateObject())
                {
                    property.WriteTo(writer);
                }

                continue;
            }

            writer.WritePropertyName(field.Name);
            WriteValue(writer, field.Schema, value);
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter writer, AvroSchema schema, object? value)
    {
        if (value is null)
        {
            writer.WriteNullValue();
            return;
        }

        switch (schema)
        {
            case UnionSchema union:
                WriteValue(writer, Branch(union, value), value);
                return;
            case LogicalSchema logical:
                WriteLogical(writer, logical, value);
                return;
            case RecordSchema record when value is GenericRecord nested:
                WriteRecord(writer, record, nested);
                return;
            case ArraySchema array when value is IEnumerable items && value is not string:
                writer.WriteStartArray();
                foreach (var item in items)
                {
                    WriteValue(writer, array.ItemSchema, item);
                }

                writer.WriteEndArray();
                return;
            case MapSchema map when value is IDictionary entries:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in entries)
                {
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    WriteValue(writer, map.ValueSchema, entry.Value);
                }

                writer.WriteEndObject();
                return;
        }

        WritePlain(writer, value);
    }

    private static void WriteLogical(Utf8JsonWriter writer, LogicalSchema schema, object value)
    {
        switch (value)
        {
            case DateTime date when schema.LogicalTypeName == "date":
                writer.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return;
            case DateTime time:
                writer.WriteStringValue(DateTime.SpecifyKind(time.Kind == DateTimeKind.Local ? time.ToUniversalTime() : time, DateTimeKind.Utc));
                return;
            default:
                WritePlain(writer, value);
                return;
        }
    }

    private static void WritePlain(Utf8JsonWriter writer, object value)
    {
        switch (value)
        {
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case int number:
                writer.WriteNumberValue(number);
                break;
            case long number:
                writer.WriteNumberValue(number);
                break;
            case float number:
                writer.WriteNumberValue(Finite(number));
                break;
            case double number:
                writer.WriteNumberValue(Finite(number));
                break;
            case AvroDecimal number:
                // Exact (System.Decimal, never double); AvroDecimal.ToString would follow the current culture.
                writer.WriteNumberValue((decimal)number);
                break;
            case GenericEnum symbol:
                writer.WriteStringValue(symbol.Value);
                break;
            case GenericFixed fixedBytes:
                writer.WriteBase64StringValue(fixedBytes.Value);
                break;
            case byte[] bytes:
                writer.WriteBase64StringValue(bytes);
                break;
            case DateTime time:
                writer.WriteStringValue(time);
                break;
            case Guid guid:
                writer.WriteStringValue(guid);
                break;
            default:
                throw new FormatException($"an Avro value of type {value.GetType().Name} has no JSON form here");
        }
    }

    // The branch a decoded value came from: the first non-null branch whose kind matches the value (the commerce
    // schemas' unions are all ["null", T]).
    private static AvroSchema Branch(UnionSchema union, object value)
    {
        AvroSchema? fallback = null;
        foreach (var branch in union.Schemas)
        {
            if (branch.Tag == AvroSchema.Type.Null)
            {
                continue;
            }

            fallback ??= branch;
            if (Matches(branch, value))
            {
                return branch;
            }
        }

        return fallback ?? union;
    }

    private static bool Matches(AvroSchema schema, object value) => schema switch
    {
        LogicalSchema logical => logical.LogicalTypeName switch
        {
            "decimal" => value is AvroDecimal,
            "date" or "timestamp-millis" or "timestamp-micros" or "local-timestamp-millis" or "local-timestamp-micros" => value is DateTime,
            _ => Matches(logical.BaseSchema, value),
        },
        RecordSchema => value is GenericRecord,
        EnumSchema => value is GenericEnum,
        ArraySchema => value is IEnumerable and not string and not byte[],
        MapSchema => value is IDictionary,
        FixedSchema => value is GenericFixed,
        _ => schema.Tag switch
        {
            AvroSchema.Type.String => value is string,
            AvroSchema.Type.Int => value is int,
            AvroSchema.Type.Long => value is long,
            AvroSchema.Type.Float => value is float,
            AvroSchema.Type.Double => value is double,
            AvroSchema.Type.Boolean => value is bool,
            AvroSchema.Type.Bytes => value is byte[],
            _ => false,
        },
    };

    private static double Finite(double number) =>
        double.IsFinite(number) ? number : throw new FormatException($"{number.ToString(CultureInfo.InvariantCulture)} has no JSON form");
}
