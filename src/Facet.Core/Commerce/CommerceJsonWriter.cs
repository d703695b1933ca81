using System.Buffers;
using System.Text.Json;
using Facet.Core.Commerce.Internal;

namespace Facet.Core.Commerce;

/// <summary>
/// Writes Facet's own JSON form of each commerce record: the canonical field names of docs/commerce.md (Shape A's
/// names where it has the field, Shape B's otherwise), ISO-8601 UTC times, exact decimals, nulls left out. The
/// decoders read it back to an equal record.
/// </summary>
public static class CommerceJsonWriter
{
    public static byte[] ToUtf8<T>(T record, Action<Utf8JsonWriter, T> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer, record);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, Customer customer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(customer);
        writer.WriteStartObject();
        writer.WriteString("customer_id"u8, customer.CustomerId);
        Str(writer, "name"u8, customer.Name);
        Str(writer, "first_name"u8, customer.FirstName);
        Str(writer, "last_name"u8, customer.LastName);
        Str(writer, "username"u8, customer.Username);
        Str(writer, "email"u8, customer.Email);
        Str(writer, "gender"u8, customer.Gender is { } g ? CommerceEnums.Gender.Wire(g) : null);
        Str(writer, "birthdate"u8, customer.BirthDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Num(writer, "age"u8, customer.Age);
        Str(writer, "location"u8, customer.Address);
        Str(writer, "home_location"u8, customer.HomeLocation);
        Str(writer, "home_country"u8, customer.HomeCountry);
        Num(writer, "home_location_lat"u8, customer.HomeLatitude);
        Num(writer, "home_location_long"u8, customer.HomeLongitude);
        Str(writer, "device_type"u8, customer.DeviceType);
        Str(writer, "device_id"u8, customer.DeviceId);
        Str(writer, "device_version"u8, customer.DeviceVersion);
        Time(writer, "account_created"u8, customer.AccountCreatedAt);
        Time(writer, "last_login"u8, customer.LastLoginAt);
        Time(writer, "updated_at"u8, customer.UpdatedAt);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, Product product)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(product);
        writer.WriteStartObject();
        writer.WriteString("product_id"u8, product.ProductId);
        Str(writer, "name"u8, product.Name);
        Str(writer, "category"u8, product.Category);
        Str(writer, "sub_category"u8, product.SubCategory);
        Str(writer, "article_type"u8, product.ArticleType);
        Str(writer, "gender"u8, product.Gender);
        Str(writer, "base_colour"u8, product.BaseColour);
        Str(writer, "season"u8, product.Season);
        Num(writer, "year"u8, product.Year);
        Str(writer, "usage"u8, product.Usage);
        Num(writer, "price"u8, product.Price);
        Str(writer, "currency"u8, product.Currency);
        Num(writer, "stock_quantity"u8, product.StockQuantity);
        Str(writer, "supplier"u8, product.Supplier);
        Num(writer, "rating"u8, product.Rating);
        Time(writer, "updated_at"u8, product.UpdatedAt);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, Order order)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(order);
        writer.WriteStartObject();
        writer.WriteString("transaction_id"u8, order.OrderId);
        writer.WriteString("customer_id"u8, order.CustomerId);
        Str(writer, "session_id"u8, order.SessionId);
        Time(writer, "created_at"u8, order.CreatedAt);
        Str(writer, "status"u8, order.Status is { } s ? CommerceEnums.OrderStatus.Wire(s) : null);
        Str(writer, "payment_method"u8, order.PaymentMethod is { } m ? CommerceEnums.PaymentMethod.Wire(m) : null);
        Str(writer, "payment_status"u8, order.PaymentStatus is { } p ? CommerceEnums.PaymentStatus.Wire(p) : null);
        writer.WriteStartArray("line_items"u8);
        foreach (var line in order.Lines)
        {
            writer.WriteStartObject();
            writer.WriteString("product_id"u8, line.ProductId);
            writer.WriteNumber("quantity"u8, line.Quantity);
            Num(writer, "item_price"u8, line.ItemPrice);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        Str(writer, "currency"u8, order.Currency);
        Str(writer, "promo_code"u8, order.PromoCode);
        Num(writer, "promo_amount"u8, order.PromoAmount);
        Num(writer, "shipment_fee"u8, order.ShipmentFee);
        Time(writer, "shipment_date_limit"u8, order.ShipmentDueAt);
        Num(writer, "shipment_location_lat"u8, order.ShipmentLatitude);
        Num(writer, "shipment_location_long"u8, order.ShipmentLongitude);
        Num(writer, "total_amount"u8, order.TotalAmount);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, ProductView view)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(view);
        writer.WriteStartObject();
        writer.WriteString("view_id"u8, view.ViewId);
        writer.WriteString("customer_id"u8, view.CustomerId);
        writer.WriteString("product_id"u8, view.ProductId);
        Time(writer, "timestamp"u8, view.ViewedAt);
        Num(writer, "view_duration"u8, view.ViewDurationSeconds);
        Str(writer, "session_id"u8, view.SessionId);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, UserInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(interaction);
        writer.WriteStartObject();
        writer.WriteString("interaction_id"u8, interaction.InteractionId);
        writer.WriteString("customer_id"u8, interaction.CustomerId);
        writer.WriteString("product_id"u8, interaction.ProductId);
        Time(writer, "timestamp"u8, interaction.OccurredAt);
        writer.WriteString("interaction_type"u8, CommerceEnums.InteractionType.Wire(interaction.Type));
        Str(writer, "review_text"u8, interaction.ReviewText);
        Num(writer, "rating"u8, interaction.Rating);
        Str(writer, "details"u8, interaction.Details);
        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, ClickEvent click)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(click);
        writer.WriteStartObject();
        writer.WriteString("event_id"u8, click.EventId);
        writer.WriteString("session_id"u8, click.SessionId);
        writer.WriteString("event_name"u8, CommerceEnums.ClickEventName.Wire(click.EventName));
        Time(writer, "event_time"u8, click.EventTime);
        Str(writer, "traffic_source"u8, click.TrafficSource);
        Str(writer, "customer_id"u8, click.CustomerId);
        if (click.Metadata is { } m)
        {
            writer.WriteStartObject("event_metadata"u8);
            Str(writer, "product_id"u8, m.ProductId);
            Num(writer, "quantity"u8, m.Quantity);
            Num(writer, "item_price"u8, m.ItemPrice);
            Str(writer, "payment_status"u8, m.PaymentStatus is { } p ? CommerceEnums.PaymentStatus.Wire(p) : null);
            Str(writer, "search_keywords"u8, m.SearchKeywords);
            Str(writer, "promo_code"u8, m.PromoCode);
            Num(writer, "promo_amount"u8, m.PromoAmount);
            if (m.OtherJson is not null)
            {
                using var other = JsonDocument.Parse(m.OtherJson);
                foreach (var property in other.RootElement.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    public static void Write(Utf8JsonWriter writer, SystemLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entry);
        writer.WriteStartObject();
        writer.WriteString("log_id"u8, entry.LogId);
        Time(writer, "timestamp"u8, entry.LoggedAt);
        writer.WriteString("level"u8, CommerceEnums.LogLevel.Wire(entry.Level));
        writer.WriteString("message"u8, entry.Message);
        Str(writer, "service"u8, entry.Service);
        writer.WriteEndObject();
    }

    private static void Str(Utf8JsonWriter writer, ReadOnlySpan<byte> name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static void Num(Utf8JsonWriter writer, ReadOnlySpan<byte> name, int? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void Num(Utf8JsonWriter writer, ReadOnlySpan<byte> name, decimal? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void Num(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? value)
    {
        if (value is { } v)
        {
            writer.WriteNumber(name, v);
        }
    }

    private static void Time(Utf8JsonWriter writer, ReadOnlySpan<byte> name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            // Always UTC with 'Z', full tick precision: "2018-07-29T15:22:01.4581930Z" reads back to the same instant.
            writer.WriteString(name, v.UtcDateTime);
        }
    }
}
