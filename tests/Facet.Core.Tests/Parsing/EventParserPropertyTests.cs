using System.Reflection;
using System.Text;
using Facet.Core.Events;
using Facet.Core.Parsing;
using FsCheck;
using FsCheck.Xunit;

namespace Facet.Core.Tests.Parsing;

/// <summary>The parser never throws: any bytes give exactly one of an event and a rejection with a documented code.</summary>
public sealed class EventParserPropertyTests
{
    private static readonly EventParser Parser = GlamiraSamples.Parser(new ParserOptions { Clock = new FixedClock(GlamiraSamples.Now), MaxDepth = 8 });

    private static readonly HashSet<string> DocumentedCodes = typeof(RejectionCodes)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.Ordinal);

    private static readonly byte[][] ValidEvents =
    [
        Encoding.UTF8.GetBytes(GlamiraSamples.ViewProductDetail),
        Encoding.UTF8.GetBytes(GlamiraSamples.Checkout),
        Encoding.UTF8.GetBytes(GlamiraSamples.Event("\"option\":{\"alloy\":\"gold\"}", "\"x\":{\"y\":[1,2,{\"z\":null}]}", "\"price\":\"22 688,00\"")),
    ];

    // JSON fragments and field names, so random sequences reach the field readers and not only the syntax check.
    private static readonly string[] Vocabulary =
    [
        "{", "}", "[", "]", ":", ",", "\"", "null", "true", "false", "0", "-1", "1591266092", "1e999", "1.5", "\"\"",
        "\"id\"", "\"e1\"", "\"time_stamp\"", "\"local_time\"", "\"2020-06-04 17:21:32\"", "\"collection\"", "\"checkout\"",
        "\"option\"", "\"option_label\"", "\"value_id\"", "\"cart_products\"", "\"price\"", "\"915,00\"", "\"amount\"",
        "\"show_recommendation\"", "\"true; X=1\"", "\"product_id\"", "\"viewing_product_id\"", "\"email\"", "\"_id\"",
        "\"$oid\"", "\"recommendation_clicked_position\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\u0069d\"", " ", "\n", "\u00e9",
    ];

    [Property(MaxTest = 3000)]
    public bool Arbitrary_bytes_never_throw_and_give_exactly_one_outcome(byte[] bytes) => Holds(bytes);

    [Property(MaxTest = 3000)]
    public bool Arbitrary_mutations_of_valid_events_never_throw_and_give_exactly_one_outcome(NonNegativeInt sample, int[] positions, byte[] values)
    {
        var bytes = new List<byte>(ValidEvents[sample.Get % ValidEvents.Length]);
        for (var i = 0; i < positions.Length && bytes.Count > 0; i++)
        {
            var at = Math.Abs(positions[i] % bytes.Count);
            var value = values.Length > 0 ? values[i % values.Length] : (byte)'"';
            switch (i % 3)
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return Holds(bytes.ToArray());
    }

    [Property(MaxTest = 3000)]
    public bool Arbitrary_sequences_of_json_fragments_never_throw_and_give_exactly_one_outcome(int[] tokens)
    {
        var text = new StringBuilder();
        foreach (var t in tokens)
        {
            text.Append(Vocabulary[Math.Abs(t % Vocabulary.Length)]);
        }

        return Holds(Encoding.UTF8.GetBytes(text.ToString()));
    }

    [Property(MaxTest = 1000)]
    public bool Valid_events_with_arbitrary_unknown_string_fields_are_accepted_and_keep_them(NonEmptyString name, string value)
    {
        var member = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string?> { ["zz_" + name.Get] = value });
        var json = GlamiraSamples.Event(member[1..^1]);
        var result = Parser.Parse(Encoding.UTF8.GetBytes(json), GlamiraSamples.Position);
        // U+0000 cannot be stored in a JSON column (PostgreSQL jsonb), so it is refused with its reason (issue 12).
        if ((name.Get + value).Contains('\0', StringComparison.Ordinal))
        {
            return !result.IsAccepted && result.Rejection.Code == RejectionCodes.ContainsNul;
        }

        return result.IsAccepted && result.Event.ExtraJson == member;
    }

    private static bool Holds(byte[] bytes)
    {
        var result = Parser.Parse(bytes, GlamiraSamples.Position);
        if (result.IsAccepted)
        {
            return result.Rejection is null && result.Event.EventId.Length > 0 && result.Event.Collection.Length > 0;
        }

        return result.Event is null
            && DocumentedCodes.Contains(result.Rejection.Code)
            && result.Rejection.Code != RejectionCodes.ParserError
            && result.Rejection.Raw.Span.SequenceEqual(bytes);
    }
}
