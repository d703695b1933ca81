using System.Buffers;
using System.Text;
using System.Text.Json;
using Facet.Core.Commerce.Internal;

namespace Facet.Core.Tests.Commerce;

public sealed class PythonLiteralParserTests
{
    [Theory]
    [InlineData("[{'product_id': 54728, 'quantity': 1, 'item_price': 191247}]", """[{"product_id":54728,"quantity":1,"item_price":191247}]""")]
    [InlineData("{'search_keywords': 'Tas Ransel'}", """{"search_keywords":"Tas Ransel"}""")]
    [InlineData("{\"a\": \"it's\", 'b': 'say \"hi\"'}", """{"a":"it\u0027s","b":"say \u0022hi\u0022"}""")]
    [InlineData("{'a': 'l\\'arc', 'b': 'tab\\there', 'c': '\\x41\\u00e9\\U0001F600', 'd': 'c:\\\\dir'}", """{"a":"l\u0027arc","b":"tab\there","c":"A\u00E9\uD83D\uDE00","d":"c:\\dir"}""")]
    [InlineData("[True, False, None, true, false, null]", "[true,false,null,true,false,null]")]
    [InlineData("[1, -2, 3.5, -0.25, 1e3, 2.5E-2, +7]", "[1,-2,3.5,-0.25,1e3,2.5E-2,7]")]
    [InlineData("  [ ]  ", "[]")]
    [InlineData("{}", "{}")]
    [InlineData("[1, 2,]", "[1,2]")]
    [InlineData("{'a': 1,}", """{"a":1}""")]
    [InlineData("[u'py2', [[['deep']]]]", """["py2",[[["deep"]]]]""")]
    [InlineData("'\\d stays'", "\"\\\\d stays\"")]
    public void Valid_literals_parse_to_the_same_value_as_json(string literal, string json)
    {
        Assert.True(PythonLiteralParser.TryParse(literal, 16, out var value, out var error), error);
        Assert.Equal(Normalize(json), Normalize(ToJson(value)));
    }

    [Theory]
    [InlineData("[{'product_id': 54728, 'quantity': 1]", "expected ',' or '}' in a dict")]
    [InlineData("{'a': 1", "expected ',' or '}' in a dict")]
    [InlineData("[1, 2", "expected ',' or ']' in a list")]
    [InlineData("{'a' 1}", "expected ':' after a dict key")]
    [InlineData("{1: 'a'}", "a dict key must be a quoted string")]
    [InlineData("{'a': 'open}", "a string opened with ' is not closed")]
    [InlineData("['a\nb']", "a line break inside a quoted string")]
    [InlineData("[1] x", "unexpected text after the value")]
    [InlineData("[nan]", "unexpected text")]
    [InlineData("[inf]", "unexpected text")]
    [InlineData("(1, 2)", "unexpected text")]
    [InlineData("[12abc]", "a number followed by letters")]
    [InlineData("[1e]", "an exponent without digits")]
    [InlineData("[-]", "a number without digits")]
    [InlineData("['\\x4']", "a bad \\x escape")]
    [InlineData("['\\ud800']", "a bad \\u escape")]
    [InlineData("[[[[[1]]]]]", "nesting deeper than 4")]
    [InlineData("", "the text ends where a value was expected")]
    public void Malformed_literals_fail_with_a_reason_and_a_position(string literal, string reason)
    {
        Assert.False(PythonLiteralParser.TryParse(literal, 4, out _, out var error));
        Assert.StartsWith(reason, error, StringComparison.Ordinal);
        Assert.Contains("at character", error, StringComparison.Ordinal);
    }

    private static string ToJson(Literal value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            value.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
