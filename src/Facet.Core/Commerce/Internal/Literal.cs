using System.Text.Json;

namespace Facet.Core.Commerce.Internal;

/// <summary>
/// A nested value from a Python literal (<c>{'product_id': 54728}</c>) or from JSON: what the metadata readers
/// work on, whichever form the producer wrote. Numbers keep their text so no precision is lost before conversion.
/// </summary>
internal sealed class Literal
{
    public static readonly Literal NoneValue = new(LiteralKind.None);

    private Literal(LiteralKind kind) => Kind = kind;

    public LiteralKind Kind { get; }

    /// <summary>A string's value or a number's text.</summary>
    public string? Text { get; private init; }

    public bool Bool { get; private init; }

    public List<Literal>? Items { get; private init; }

    /// <summary>A dict's members in their written order.</summary>
    public List<KeyValuePair<string, Literal>>? Members { get; private init; }

    public static Literal FromBool(bool value) => new(LiteralKind.Bool) { Bool = value };

    public static Literal FromString(string value) => new(LiteralKind.String) { Text = value };

    public static Literal FromNumber(string text, bool isInteger) => new(isInteger ? LiteralKind.Int : LiteralKind.Float) { Text = text };

    public static Literal FromList(List<Literal> items) => new(LiteralKind.List) { Items = items };

    public static Literal FromDict(List<KeyValuePair<string, Literal>> members) => new(LiteralKind.Dict) { Members = members };

    public string Describe() => Kind switch
    {
        LiteralKind.None => "None",
        LiteralKind.Bool => "a boolean",
        LiteralKind.Int or LiteralKind.Float => "a number",
        LiteralKind.String => "a string",
        LiteralKind.List => "a list",
        _ => "a dict",
    };

    /// <summary>Writes the value as JSON (None → null, dicts → objects).</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        switch (Kind)
        {
            case LiteralKind.None:
                writer.WriteNullValue();
                break;
            case LiteralKind.Bool:
                writer.WriteBooleanValue(Bool);
                break;
            case LiteralKind.Int or LiteralKind.Float:
                writer.WriteRawValue(Text!, skipInputValidation: false);
                break;
            case LiteralKind.String:
                writer.WriteStringValue(Text);
                break;
            case LiteralKind.List:
                writer.WriteStartArray();
                foreach (var item in Items!)
                {
                    item.WriteTo(writer);
                }

                writer.WriteEndArray();
                break;
            default:
                writer.WriteStartObject();
                foreach (var (key, value) in Members!)
                {
                    writer.WritePropertyName(key);
                    value.WriteTo(writer);
                }

                writer.WriteEndObject();
                break;
        }
    }
}
