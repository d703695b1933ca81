using System.Text.Json;
using Facet.Core.Events;
using Facet.Core.Parsing.Internal;

namespace Facet.Core.Parsing;

// option and cart_products: the nested shapes (docs/events.md, "option" and "cart_products").
// Nested readers report faults relative to the value they read ("[2].option_id"); each level prefixes its own path
// with Within, so path strings are built only when something is wrong.
public sealed partial class EventParser
{
    /// <summary>
    /// <c>option</c> in any of its shapes → a list: an array of option objects, a single object (either one option with
    /// option_label/option_id/value_label/value_id, or a map like {"alloy":"gold"} giving one option per key),
    /// a bare string or number (one value), or "", null, false, absent (no options).
    /// </summary>
    /// <remarks>
    /// The result is an exact-length array, not the list it was gathered in: an event holds it until its batch commits,
    /// and one object per event fewer is less for every full collection to mark (issue 22).
    /// </remarks>
    private Fault? ReadOptions(ref Utf8JsonReader r, ReadOnlySpan<byte> json, out IReadOnlyList<EventOption>? options)
    {
        options = null;
        List<EventOption>? list = null;
        switch (r.TokenType)
        {
            case JsonTokenType.Null or JsonTokenType.False:
                return null;
            case JsonTokenType.String or JsonTokenType.Number:
                if (ReadText(ref r, string.Empty, Text.AllowNumber | Text.Intern, out var single) is { } scalarFault)
                {
                    return scalarFault;
                }

                if (single is not null)
                {
                    options = [new EventOption(null, null, single, null)];
                }

                return null;
            case JsonTokenType.StartObject:
                if (ReadOptionObject(ref r, json, ref list) is { } objectFault)
                {
                    return objectFault;
                }

                options = list?.ToArray();
                return null;
            case JsonTokenType.StartArray:
                var index = 0;
                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    Fault? fault = null;
                    switch (r.TokenType)
                    {
                        case JsonTokenType.StartObject:
                            fault = ReadOptionObject(ref r, json, ref list);
                            break;
                        case JsonTokenType.String or JsonTokenType.Number:
                            fault = ReadText(ref r, string.Empty, Text.AllowNumber | Text.Intern, out var value);
                            if (value is not null)
                            {
                                (list ??= new List<EventOption>(2)).Add(new EventOption(null, null, value, null));
                            }

                            break;
                        case JsonTokenType.Null:
                            break;
                        default:
                            fault = TypeFault(string.Empty, r.TokenType, "an option object or a string");
                            break;
                    }

                    if (fault is not null)
                    {
                        return Within(fault, index);
                    }

                    index++;
                }

                options = list?.ToArray();
                return null;
            default:
                return TypeFault(string.Empty, r.TokenType, "an array, an object or \"\"");
        }
    }

    private Fault? ReadOptionObject(ref Utf8JsonReader r, ReadOnlySpan<byte> json, ref List<EventOption>? list)
    {
        var start = r; // a copy, to read the object again as a map when it has none of the known keys
        string? optionLabel = null, optionId = null, valueLabel = null, valueId = null;
        var seen = 0;
        var extras = new ExtraJsonBuilder();
        try
        {
            while (r.Read() && r.TokenType != JsonTokenType.EndObject)
            {
                var memberStart = (int)r.TokenStartIndex;
                var key = OptionKey(ref r);
                r.Read();
                if (key == 0)
                {
                    if (KeepUnknownMember(ref r, json, memberStart, ref extras) is { } unknownFault)
                    {
                        return unknownFault;
                    }

                    continue;
                }

                var name = key switch { 1 => "option_label", 2 => "option_id", 3 => "value_label", _ => "value_id" };
                if ((seen & (1 << key)) != 0)
                {
                    return new Fault(RejectionCodes.DuplicateField, $"{name} appears more than once", name);
                }

                seen |= 1 << key;
                var fault = key switch
                {
                    1 => ReadText(ref r, name, Text.AllowNumber | Text.Intern, out optionLabel),
                    2 => ReadText(ref r, name, Text.AllowNumber, out optionId, _recent.OptionIds),
                    3 => ReadText(ref r, name, Text.AllowNumber | Text.Intern, out valueLabel),
                    _ => ReadText(ref r, name, Text.AllowNumber, out valueId, _recent.OptionIds),
                };
                if (fault is not null)
                {
                    return fault;
                }
            }

            if (seen != 0)
            {
                (list ??= new List<EventOption>(2)).Add(new EventOption(optionLabel, optionId, valueLabel, valueId, extras.Build()));
                return null;
            }
        }
        finally
        {
            extras.Dispose();
        }

        return ReadOptionMap(ref start, json, ref list);
    }

    /// <summary>The map shape, e.g. {"alloy":"gold","stone":"ruby"}: one option per key (label = key, value label = value).</summary>
    private Fault? ReadOptionMap(ref Utf8JsonReader r, ReadOnlySpan<byte> json, ref List<EventOption>? list)
    {
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var memberStart = (int)r.TokenStartIndex;
            if (ReadText(ref r, string.Empty, Text.Intern, out var label) is { } keyFault)
            {
                return keyFault;
            }

            r.Read();
            string? value = null;
            string? extra = null;
            switch (r.TokenType)
            {
                case JsonTokenType.True:
                    value = "true";
                    break;
                case JsonTokenType.False:
                    value = "false";
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    if (!TrySkip(ref r))
                    {
                        return TooDeep();
                    }

                    // A nested value has no label/value reading: keep it verbatim as {"key": value}.
                    var extras = new ExtraJsonBuilder();
                    try
                    {
                        if (KeepRaw(ref extras, json[memberStart..(int)r.BytesConsumed]) is { } rawFault)
                        {
                            return rawFault;
                        }

                        extra = extras.Build();
                    }
                    finally
                    {
                        extras.Dispose();
                    }

                    break;
                default:
                    if (ReadText(ref r, label ?? string.Empty, Text.AllowNumber | Text.Intern, out value) is { } valueFault)
                    {
                        return valueFault;
                    }

                    break;
            }

            (list ??= new List<EventOption>(2)).Add(new EventOption(label, null, value, null, extra));
        }

        return null;
    }

    /// <summary>1 option_label, 2 option_id, 3 value_label, 4 value_id, 0 any other key.</summary>
    private static int OptionKey(ref Utf8JsonReader r)
    {
        if (r.ValueIsEscaped)
        {
            return 0;
        }

        var n = r.ValueSpan;
        return n.Length switch
        {
            8 => n.SequenceEqual("value_id"u8) ? 4 : 0,
            9 => n.SequenceEqual("option_id"u8) ? 2 : 0,
            11 => n.SequenceEqual("value_label"u8) ? 3 : 0,
            12 => n.SequenceEqual("option_label"u8) ? 1 : 0,
            _ => 0,
        };
    }

    /// <summary><c>cart_products</c>: an array of product objects (a single object is one product); "", null, false → none.</summary>
    private Fault? ReadCart(ref Utf8JsonReader r, ReadOnlySpan<byte> json, out IReadOnlyList<CartProduct>? cart)
    {
        cart = null;
        List<CartProduct>? list = null;
        switch (r.TokenType)
        {
            case JsonTokenType.Null or JsonTokenType.False:
                return null;
            case JsonTokenType.String when !r.ValueIsEscaped && r.ValueSpan.IsEmpty:
                return null;
            case JsonTokenType.StartObject:
                if (ReadCartProduct(ref r, json, ref list) is { } single)
                {
                    return Within(single, 0);
                }

                cart = list?.ToArray();
                return null;
            case JsonTokenType.StartArray:
                var index = 0;
                while (r.Read() && r.TokenType != JsonTokenType.EndArray)
                {
                    if (r.TokenType == JsonTokenType.StartObject)
                    {
                        if (ReadCartProduct(ref r, json, ref list) is { } fault)
                        {
                            return Within(fault, index);
                        }
                    }
                    else if (r.TokenType != JsonTokenType.Null)
                    {
                        return Within(TypeFault(string.Empty, r.TokenType, "a product object"), index);
                    }

                    index++;
                }

                cart = list?.ToArray();
                return null;
            default:
                return TypeFault(string.Empty, r.TokenType, "an array of product objects or \"\"");
        }
    }

    private Fault? ReadCartProduct(ref Utf8JsonReader r, ReadOnlySpan<byte> json, ref List<CartProduct>? list)
    {
        string? productId = null, currency = null, priceRaw = null;
        decimal? amount = null, price = null;
        IReadOnlyList<EventOption>? options = null;
        var seen = 0;
        var extras = new ExtraJsonBuilder();
        try
        {
            while (r.Read() && r.TokenType != JsonTokenType.EndObject)
            {
                var memberStart = (int)r.TokenStartIndex;
                var key = CartKey(ref r);
                r.Read();
                if (key == 0)
                {
                    if (KeepUnknownMember(ref r, json, memberStart, ref extras) is { } unknownFault)
                    {
                        return unknownFault;
                    }

                    continue;
                }

                var name = key switch { 1 => "product_id", 2 => "amount", 3 => "price", 4 => "currency", _ => "option" };
                if ((seen & (1 << key)) != 0)
                {
                    return new Fault(RejectionCodes.DuplicateField, $"{name} appears more than once", name);
                }

                seen |= 1 << key;
                var fault = key switch
                {
                    1 => ReadText(ref r, name, Text.AllowNumber, out productId, _recent.ProductIds),
                    2 => ReadDecimal(ref r, name, out amount, out _),
                    3 => ReadDecimal(ref r, name, out price, out priceRaw),
                    4 => ReadText(ref r, name, Text.Intern, out currency),
                    _ => Within(ReadOptions(ref r, json, out options), name),
                };
                if (fault is not null)
                {
                    return fault;
                }
            }

            (list ??= new List<CartProduct>(2)).Add(new CartProduct(productId, amount, price, priceRaw, currency, options ?? [], extras.Build()));
            return null;
        }
        finally
        {
            extras.Dispose();
        }
    }

    /// <summary>1 product_id, 2 amount, 3 price, 4 currency, 5 option, 0 any other key.</summary>
    private static int CartKey(ref Utf8JsonReader r)
    {
        if (r.ValueIsEscaped)
        {
            return 0;
        }

        var n = r.ValueSpan;
        return n.Length switch
        {
            5 => n.SequenceEqual("price"u8) ? 3 : 0,
            6 => n.SequenceEqual("amount"u8) ? 2 : n.SequenceEqual("option"u8) ? 5 : 0,
            8 => n.SequenceEqual("currency"u8) ? 4 : 0,
            10 => n.SequenceEqual("product_id"u8) ? 1 : 0,
            _ => 0,
        };
    }

    /// <summary>Prefixes a nested fault's field path (and its message, which starts with that path) with an array index.</summary>
    private static Fault? Within(Fault? fault, int index) =>
        fault is { Field: not null } f ? Prefixed(f, $"[{index}]") : fault;

    /// <summary>Prefixes a nested fault's field path (and its message, which starts with that path) with a field name.</summary>
    private static Fault? Within(Fault? fault, string name) =>
        fault is { Field: not null } f ? Prefixed(f, name) : fault;

    private static Fault Prefixed(Fault fault, string prefix)
    {
        var field = fault.Field!;
        var joined = field.Length == 0 ? prefix
            : field[0] == '[' || prefix.Length == 0 ? prefix + field
            : prefix + "." + field;
        var rest = fault.Message.StartsWith(field, StringComparison.Ordinal) ? fault.Message[field.Length..] : " " + fault.Message;
        return fault with { Field = joined, Message = joined + rest };
    }
}
