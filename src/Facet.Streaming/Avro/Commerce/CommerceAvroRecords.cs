using System.Collections.Concurrent;
using System.Numerics;
using Avro;
using Avro.Generic;
using Facet.Core.Commerce;
using AvroSchema = Avro.Schema;

namespace Facet.Streaming.Avro.Commerce;

/// <summary>
/// The commerce records as Avro <see cref="GenericRecord"/>s of their topic's <c>.avsc</c> schema
/// (<see cref="CommerceSchemas"/>), for producers (<c>facet generate --value-format avro</c>) and tests. Times are
/// written with microsecond precision (timestamp-micros), amounts with the schemas' scale of 4 decimals; a value that
/// needs more is rounded (none of Facet's own does). Thread-safe.
/// </summary>
public static class CommerceAvroRecords
{
    private const int DecimalScale = 4;

    private static readonly ConcurrentDictionary<string, RecordSchema> Schemas = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<EnumSchema, Dictionary<string, string>> Symbols = new();

    /// <summary>The parsed <c>.avsc</c> schema of a commerce topic.</summary>
    public static RecordSchema SchemaOf(string topic) =>
        Schemas.GetOrAdd(topic, static t => (RecordSchema)AvroSchema.Parse(CommerceSchemas.Read(t)));

    /// <summary>The topic a commerce record belongs to.</summary>
    public static string TopicOf(object record) => record switch
    {
        Customer => CommerceTopics.Customers,
        Product => CommerceTopics.Products,
        Order => CommerceTopics.Transactions,
        ProductView => CommerceTopics.ProductViews,
        UserInteraction => CommerceTopics.UserInteractions,
        ClickEvent => CommerceTopics.ClickStream,
        SystemLogEntry => CommerceTopics.SystemLogs,
        _ => throw new ArgumentException($"not a commerce record: {record?.GetType().Name ?? "null"}", nameof(record)),
    };

    /// <summary>A commerce record (any of the seven) as an Avro record of its topic's schema.</summary>
    public static GenericRecord ToAvro(object record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var schema = SchemaOf(TopicOf(record));
        var avro = new GenericRecord(schema);
        switch (record)
        {
            case Customer c:
                Set(avro, "customer_id", c.CustomerId);
                Set(avro, "first_name", c.FirstName);
                Set(avro, "last_name", c.LastName);
                Set(avro, "username", c.Username);
                Set(avro, "email", c.Email);
                Set(avro, "gender", c.Gender);
                Set(avro, "birthdate", c.BirthDate?.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
                Set(avro, "device_type", c.DeviceType);
                Set(avro, "device_id", c.DeviceId);
                Set(avro, "device_version", c.DeviceVersion);
                Set(avro, "home_location_lat", c.HomeLatitude);
                Set(avro, "home_location_long", c.HomeLongitude);
                Set(avro, "home_location", c.HomeLocation);
                Set(avro, "home_country", c.HomeCountry);
                Set(avro, "first_join_date", c.AccountCreatedAt);
                Set(avro, "name", c.Name);
                Set(avro, "age", c.Age);
                Set(avro, "location", c.Address);
                Set(avro, "last_login", c.LastLoginAt);
                Set(avro, "updated_at", c.UpdatedAt);
                break;
            case Product p:
                Set(avro, "id", p.ProductId);
                Set(avro, "gender", p.Gender);
                Set(avro, "masterCategory", p.Category);
                Set(avro, "subCategory", p.SubCategory);
                Set(avro, "articleType", p.ArticleType);
                Set(avro, "baseColour", p.BaseColour);
                Set(avro, "season", p.Season);
                Set(avro, "year", p.Year);
                Set(avro, "usage", p.Usage);
                Set(avro, "productDisplayName", p.Name);
                Set(avro, "price", p.Price);
                Set(avro, "currency", p.Currency);
                Set(avro, "stock_quantity", p.StockQuantity);
                Set(avro, "supplier", p.Supplier);
                Set(avro, "rating", p.Rating);
                Set(avro, "updated_at", p.UpdatedAt);
                break;
            case Order o:
                Set(avro, "created_at", o.CreatedAt);
                Set(avro, "customer_id", o.CustomerId);
                Set(avro, "booking_id", o.OrderId);
                Set(avro, "session_id", o.SessionId);
                Set(avro, "product_metadata", Lines(schema, o));
                Set(avro, "payment_method", o.PaymentMethod);
                Set(avro, "payment_status", o.PaymentStatus);
                Set(avro, "promo_amount", o.PromoAmount);
                Set(avro, "promo_code", o.PromoCode);
                Set(avro, "shipment_fee", o.ShipmentFee);
                Set(avro, "shipment_date_limit", o.ShipmentDueAt);
                Set(avro, "shipment_location_lat", o.ShipmentLatitude);
                Set(avro, "shipment_location_long", o.ShipmentLongitude);
                Set(avro, "total_amount", o.TotalAmount);
                Set(avro, "status", o.Status);
                Set(avro, "currency", o.Currency);
                break;
            case ProductView v:
                Set(avro, "view_id", v.ViewId);
                Set(avro, "customer_id", v.CustomerId);
                Set(avro, "product_id", v.ProductId);
                Set(avro, "timestamp", v.ViewedAt);
                Set(avro, "view_duration", v.ViewDurationSeconds);
                Set(avro, "session_id", v.SessionId);
                break;
            case UserInteraction u:
                Set(avro, "interaction_id", u.InteractionId);
                Set(avro, "customer_id", u.CustomerId);
                Set(avro, "product_id", u.ProductId);
                Set(avro, "timestamp", u.OccurredAt);
                Set(avro, "interaction_type", u.Type);
                Set(avro, "review_text", u.ReviewText);
                Set(avro, "rating", u.Rating);
                Set(avro, "details", u.Details);
                break;
            case ClickEvent e:
                Set(avro, "session_id", e.SessionId);
                Set(avro, "event_name", e.EventName);
                Set(avro, "event_time", e.EventTime);
                Set(avro, "event_id", e.EventId);
                Set(avro, "traffic_source", e.TrafficSource);
                Set(avro, "event_metadata", e.Metadata is { } m ? Metadata(schema, m) : null);
                Set(avro, "customer_id", e.CustomerId);
                break;
            case SystemLogEntry l:
                Set(avro, "log_id", l.LogId);
                Set(avro, "timestamp", l.LoggedAt);
                Set(avro, "level", l.Level);
                Set(avro, "message", l.Message);
                Set(avro, "service", l.Service);
                break;
        }

        return avro;
    }

    private static GenericRecord[] Lines(RecordSchema order, Order o)
    {
        var lineSchema = (RecordSchema)((ArraySchema)order["product_metadata"].Schema).ItemSchema;
        var lines = new GenericRecord[o.Lines.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            var line = o.Lines[i];
            lines[i] = new GenericRecord(lineSchema);
            Set(lines[i], "product_id", line.ProductId);
            Set(lines[i], "quantity", line.Quantity);
            Set(lines[i], "item_price", line.ItemPrice);
        }

        return lines;
    }

    private static GenericRecord Metadata(RecordSchema click, ClickEventMetadata m)
    {
        var schema = (RecordSchema)NonNull(click["event_metadata"].Schema);
        var avro = new GenericRecord(schema);
        Set(avro, "product_id", m.ProductId);
        Set(avro, "quantity", m.Quantity);
        Set(avro, "item_price", m.ItemPrice);
        Set(avro, "payment_status", m.PaymentStatus);
        Set(avro, "search_keywords", m.SearchKeywords);
        Set(avro, "promo_code", m.PromoCode);
        Set(avro, "promo_amount", m.PromoAmount);
        Set(avro, AvroJsonWriter.OtherJsonField, m.OtherJson);
        return avro;
    }

    /// <summary>Sets a field, converting .NET values to what Apache.Avro's writer expects for the field's schema.</summary>
    private static void Set(GenericRecord record, string name, object? value)
    {
        var field = record.Schema[name] ?? throw new InvalidOperationException($"the schema {record.Schema.Fullname} has no field '{name}'");
        record.Add(field.Pos, value is null ? null : Convert(NonNull(field.Schema), value));
    }

    private static object Convert(AvroSchema schema, object value) => value switch
    {
        DateTimeOffset time => time.UtcDateTime,
        decimal amount => new AvroDecimal(new BigInteger(decimal.Round(amount, DecimalScale, MidpointRounding.ToEven) * 10_000m), DecimalScale),
        Enum symbol when schema is EnumSchema enumSchema => new GenericEnum(enumSchema, Symbol(enumSchema, symbol)),
        _ => value,
    };

    // C# member names match the .avsc symbols ignoring case and '_' (CreditCard ~ CREDIT_CARD, PayPal ~ PAYPAL).
    private static string Symbol(EnumSchema schema, Enum value)
    {
        var symbols = Symbols.GetOrAdd(schema, static s => s.Symbols.ToDictionary(static x => x.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant(), static x => x, StringComparer.Ordinal));
        return symbols.TryGetValue(value.ToString().ToUpperInvariant(), out var symbol)
            ? symbol
            : throw new InvalidOperationException($"{value.GetType().Name}.{value} has no symbol in {schema.Fullname}");
    }

    private static AvroSchema NonNull(AvroSchema schema) =>
        schema is UnionSchema union ? union.Schemas.First(static s => s.Tag != AvroSchema.Type.Null) : schema;
}
