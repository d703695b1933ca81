using System.Text;
using System.Text.Json;
using Facet.Core.Events;

namespace Facet.Core.Commerce.Internal;

/// <summary>
/// One JSON object's fields, read in one forward pass: where each known field's value sits in the message (unknown
/// fields are skipped). Values are converted only when a builder asks for them.
/// </summary>
internal readonly struct JsonFieldSource : IFieldSource
{
    private readonly ReadOnlyMemory<byte> _json;
    private readonly Slot[] _slots;

    private JsonFieldSource(ReadOnlyMemory<byte> json, Slot[] slots)
    {
        _json = json;
        _slots = slots;
    }

    /// <summary>Reads the object; throws <see cref="JsonException"/> on invalid JSON, faults on a non-object or a repeated field.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> json, FieldTable table, int maxDepth, out JsonFieldSource source, out Fault fault)
    {
        source = default;
        fault = default;
        var slots = new Slot[table.Count];
        var reader = new Utf8JsonReader(json.Span, new JsonReaderOptions { MaxDepth = maxDepth });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            fault = new Fault(RejectionCodes.NotAnObject, $"the message is a JSON {reader.TokenType.ToString().ToLowerInvariant()}, not an object", null);
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueIsEscaped ? table.Find(reader.GetString()) : table.Find(reader.ValueSpan);
            reader.Read();
            if (field < 0)
            {
                reader.Skip();
                continue;
            }

            if (slots[field].Kind != FieldKind.Missing)
            {
                fault = new Fault(RejectionCodes.DuplicateField, $"{table.Name(field)} appears twice (under one of its names)", table.Name(field));
                return false;
            }

            var start = (int)reader.TokenStartIndex;
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    slots[field] = reader.ValueIsEscaped
                        ? new Slot(FieldKind.String, start, (int)reader.BytesConsumed - start, true)
                        : new Slot(reader.ValueSpan.IsEmpty ? FieldKind.Null : FieldKind.String, start + 1, reader.ValueSpan.Length, false);
                    break;
                case JsonTokenType.Number:
                    slots[field] = new Slot(FieldKind.Number, start, reader.ValueSpan.Length, false);
                    break;
                case JsonTokenType.True:
                    slots[field] = new Slot(FieldKind.True, start, 4, false);
                    break;
                case JsonTokenType.False:
                    slots[field] = new Slot(FieldKind.False, start, 5, false);
                    break;
                case JsonTokenType.Null:
                    slots[field] = new Slot(FieldKind.Null, start, 4, false);
                    break;
                default:
                    var kind = reader.TokenType == JsonTokenType.StartObject ? FieldKind.Object : FieldKind.Array;
                    reader.Skip();
                    slots[field] = new Slot(kind, start, (int)reader.BytesConsumed - start, false);
                    break;
            }
        }

        // Reading to the end makes the reader check that nothing follows the object.
        while (reader.Read())
        {
        }

        source = new JsonFieldSource(json, slots);
        return true;
    }

    public FieldKind Kind(int field) => _slots[field].Kind;

    public string Text(int field)
    {
        var slot = _slots[field];
        var bytes = _json.Span.Slice(slot.Start, slot.Length);
        if (!slot.Escaped)
        {
            return Encoding.UTF8.GetString(bytes);
        }

        var reader = new Utf8JsonReader(bytes);
        reader.Read();
        return reader.GetString()!;
    }

    public ReadOnlyMemory<byte> Json(int field)
    {
        var slot = _slots[field];
        return _json.Slice(slot.Start, slot.Length);
    }

    private readonly record struct Slot(FieldKind Kind, int Start, int Length, bool Escaped);
}
