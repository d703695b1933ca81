using System.Buffers;
using System.Text;
using System.Text.Json;
using Facet.Core.Events;

namespace Facet.Storage.Internal;

/// <summary>Serialises the event's list fields (options, cart products) to the JSON stored in fact_events.</summary>
internal static class JsonText
{
    // One buffer and writer per thread, reset per text, instead of a new pair per event (issue 22: most generated
    // events carry options, and this ran for every one of them). Only the returned string outlives a call.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    public static string? Options(IReadOnlyList<EventOption> options)
    {
        if (options.Count == 0)
        {
            return null;
        }

        var writer = Writer(out var buffer);
        WriteOptions(writer, options);
        return Text(writer, buffer);
    }

    public static string? CartProducts(IReadOnlyList<CartProduct> products)
    {
        if (products.Count == 0)
        {
            return null;
        }

        var writer = Writer(out var buffer);
        writer.WriteStartArray();
        // Indexed, not foreach, here and in WriteOptions: foreach over an IReadOnlyList boxes its enumerator, an
        // allocation per cart and per options list of every event (issue 22).
        for (var i = 0; i < products.Count; i++)
        {
            var p = products[i];
            writer.WriteStartObject();
            writer.WriteString("product_id", p.ProductId);
            if (p.Amount is { } amount)
            {
                writer.WriteNumber("amount", amount);
            }
            else
            {
                writer.WriteNull("amount");
            }

            if (p.Price is { } price)
            {
                writer.WriteNumber("price", price);
            }
            else
            {
                writer.WriteNull("price");
            }

            writer.WriteString("price_raw", p.PriceRaw);
            writer.WriteString("currency", p.Currency);
            writer.WritePropertyName("option");
            WriteOptions(writer, p.Options);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        return Text(writer, buffer);
    }

    // The thread's writer, reset onto its emptied buffer (default options, as a new Utf8JsonWriter(buffer) had).
    private static Utf8JsonWriter Writer(out ArrayBufferWriter<byte> buffer)
    {
        buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        return writer;
    }

    private static string Text(Utf8JsonWriter writer, ArrayBufferWriter<byte> buffer)
    {
        writer.Flush();
        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOptions(Utf8JsonWriter writer, IReadOnlyList<EventOption> options)
    {
        writer.WriteStartArray();
        for (var i = 0; i < options.Count; i++)
        {
            var o = options[i];
            writer.WriteStartObject();
            writer.WriteString("option_label", o.OptionLabel);
            writer.WriteString("option_id", o.OptionId);
            writer.WriteString("value_label", o.ValueLabel);
            writer.WriteString("value_id", o.ValueId);
            if (o.ExtraJson is { Length: > 0 } extra)
            {
                writer.WritePropertyName("extra");
                writer.WriteRawValue(extra);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
    }
}
