using System.Buffers;
using System.Text.Json;
using Facet.Core.Events;

namespace Facet.Storage.Internal;

/// <summary>Serialises the event's list fields (options, cart products) to the JSON stored in fact_events.</summary>
internal static class JsonText
{
    // One buffer and writer per thread, reset per text, instead of a new pair per event (issue 22: most generated
    // events carry options, and this ran for every one of them). The row writer takes the UTF-8 bytes from the buffer
    // (PostgreSQL's copies them into the COPY stream: no string per event; DuckDB's appender takes a string).
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <summary>Writes the options' JSON (<c>options</c> column), or null when there are none.</summary>
    public static void WriteOptions(IFactRowWriter row, IReadOnlyList<EventOption> options)
    {
        if (options.Count == 0)
        {
            row.Json((string?)null);
            return;
        }

        var writer = Writer(out var buffer);
        WriteOptions(writer, options);
        writer.Flush();
        row.Json(buffer.WrittenSpan);
    }

    /// <summary>Writes the cart's JSON (<c>cart_products</c> column), or null when it is empty.</summary>
    public static void WriteCartProducts(IFactRowWriter row, IReadOnlyList<CartProduct> products)
    {
        if (products.Count == 0)
        {
            row.Json((string?)null);
            return;
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
        writer.Flush();
        row.Json(buffer.WrittenSpan);
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
