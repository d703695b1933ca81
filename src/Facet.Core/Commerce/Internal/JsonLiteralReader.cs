using System.Text;
using System.Text.Json;

namespace Facet.Core.Commerce.Internal;

/// <summary>Turns nested JSON (an object or array field) into a <see cref="Literal"/>, as the Python form would give.</summary>
internal static class JsonLiteralReader
{
    /// <summary>Reads the JSON value in <paramref name="json"/>; throws <see cref="JsonException"/> on invalid JSON.</summary>
    public static Literal Read(ReadOnlySpan<byte> json, int maxDepth)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth });
        reader.Read();
        return ReadValue(ref reader);
    }

    private static Literal ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var members = new List<KeyValuePair<string, Literal>>();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    members.Add(new KeyValuePair<string, Literal>(key, ReadValue(ref reader)));
                }

                return Literal.FromDict(members);
            case JsonTokenType.StartArray:
                var items = new List<Literal>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader));
                }

                return Literal.FromList(items);
            case JsonTokenType.String:
                return Literal.FromString(reader.GetString()!);
            case JsonTokenType.Number:
                var text = Encoding.UTF8.GetString(reader.ValueSpan);
                return Literal.FromNumber(text, !text.AsSpan().ContainsAny(".eE"));
            case JsonTokenType.True:
                return Literal.FromBool(true);
            case JsonTokenType.False:
                return Literal.FromBool(false);
            default:
                return Literal.NoneValue;
        }
    }
}
