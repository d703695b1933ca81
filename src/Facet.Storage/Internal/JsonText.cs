using System.Buffers;
using System.Text;
using System.Text.Json;
using Facet.Core.Events;

namespace Facet.Storage.Internal;

/// <summary>Serialises the event's list fields (options, cart products) to the JSON stored in fact_events.</summary>
internal static class JsonText
{
    public static string? Options(IReadOnlyList<EventOption> options)
    {
        if (options.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteOptions(writer, options);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string? CartProducts(IReadOnlyList<CartProduct> products)
    {
        if (products.Count == 0)
        {
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var p in products)
            {
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
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private static void WriteOptions(Utf8JsonWriter writer, IReadOnlyList<EventOption> options)
    {
        writer.WriteStartArray();
        foreach (var o in options)
        {
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
