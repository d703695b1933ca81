using System.Globalization;
using System.Text;
using Facet.Core.Commerce;

namespace Facet.Streaming.Generation.Commerce;

/// <summary>
/// Shape B's four CSV files as such exports come: its headers, ISO-8601 UTC times with microseconds, F/M genders,
/// "Debit Card"-style payment methods, and nested metadata as Python literals (<c>str(list)</c>) in quoted fields.
/// Only Shape B's columns are written (a customer's last_login or a product's price have no column there).
/// </summary>
public static class ShapeBCsvFormat
{
    public const string CustomerFile = "customer.csv";
    public const string ProductFile = "product.csv";
    public const string TransactionsFile = "transactions.csv";
    public const string ClickStreamFile = "click_stream.csv";

    /// <summary>The file of a topic, or null for topics Shape B has no file for.</summary>
    public static string? FileOf(string topic) => topic switch
    {
        CommerceTopics.Customers => CustomerFile,
        CommerceTopics.Products => ProductFile,
        CommerceTopics.Transactions => TransactionsFile,
        CommerceTopics.ClickStream => ClickStreamFile,
        _ => null,
    };

    public static string Header(string topic) => topic switch
    {
        CommerceTopics.Customers => "customer_id,first_name,last_name,username,email,gender,birthdate,device_type,device_id,device_version,home_location_lat,home_location_long,home_location,home_country,first_join_date",
        CommerceTopics.Products => "id,gender,masterCategory,subCategory,articleType,baseColour,season,year,usage,productDisplayName",
        CommerceTopics.Transactions => "created_at,customer_id,booking_id,session_id,product_metadata,payment_method,payment_status,promo_amount,promo_code,shipment_fee,shipment_date_limit,shipment_location_lat,shipment_location_long,total_amount",
        CommerceTopics.ClickStream => "session_id,event_name,event_id,event_time,traffic_source,event_metadata",
        _ => throw new ArgumentException($"Shape B has no CSV file for topic '{topic}'", nameof(topic)),
    };

    /// <summary>Appends one row (without its line break).</summary>
    public static void AppendRow(StringBuilder row, object record)
    {
        ArgumentNullException.ThrowIfNull(row);
        switch (record)
        {
            case Customer c:
                Fields(row, c.CustomerId, c.FirstName, c.LastName, c.Username, c.Email, c.Gender switch { CustomerGender.Female => "F", CustomerGender.Male => "M", null => null, _ => "O" },
                    c.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), c.DeviceType, c.DeviceId, c.DeviceVersion, Number(c.HomeLatitude), Number(c.HomeLongitude),
                    c.HomeLocation, c.HomeCountry, c.AccountCreatedAt?.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            case Product p:
                Fields(row, p.ProductId, p.Gender, p.Category, p.SubCategory, p.ArticleType, p.BaseColour, p.Season, p.Year?.ToString(CultureInfo.InvariantCulture), p.Usage, p.Name);
                break;
            case Order o:
                Fields(row, Time(o.CreatedAt), o.CustomerId, o.OrderId, o.SessionId, Lines(o), PaymentMethodText(o.PaymentMethod), o.PaymentStatus?.ToString(),
                    Number(o.PromoAmount), o.PromoCode, Number(o.ShipmentFee), Time(o.ShipmentDueAt), Number(o.ShipmentLatitude), Number(o.ShipmentLongitude), Number(o.TotalAmount));
                break;
            case ClickEvent e:
                Fields(row, e.SessionId, EventName(e.EventName), e.EventId, Time(e.EventTime), e.TrafficSource, e.Metadata is { } m ? Metadata(m) : null);
                break;
            default:
                throw new ArgumentException($"Shape B has no CSV row for {record.GetType().Name}", nameof(record));
        }
    }

    private static void Fields(StringBuilder row, params string?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            if (i > 0)
            {
                row.Append(',');
            }

            var value = values[i];
            if (value is null)
            {
                continue;
            }

            if (value.AsSpan().IndexOfAny(",\"\r\n") >= 0)
            {
                row.Append('"').Append(value.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
            }
            else
            {
                row.Append(value);
            }
        }
    }

    private static string? Time(DateTimeOffset? time) => time?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static string? Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture);

    private static string? Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture);

    private static string? PaymentMethodText(PaymentMethod? method) => method switch
    {
        null => null,
        PaymentMethod.CreditCard => "Credit Card",
        PaymentMethod.DebitCard => "Debit Card",
        PaymentMethod.PayPal => "PayPal",
        PaymentMethod.BankTransfer => "Bank Transfer",
        PaymentMethod.GoPay => "Gopay",
        PaymentMethod.Ovo => "OVO",
        PaymentMethod.LinkAja => "LinkAja",
        PaymentMethod.ShopeePay => "Shopee Pay",
        _ => "Cash on Delivery",
    };

    private static string EventName(ClickEventName name) => name switch
    {
        ClickEventName.Homepage => "HOMEPAGE",
        ClickEventName.Search => "SEARCH",
        ClickEventName.ItemDetail => "ITEM_DETAIL",
        ClickEventName.AddToCart => "ADD_TO_CART",
        ClickEventName.Booking => "BOOKING",
        ClickEventName.PromoPage => "PROMO_PAGE",
        ClickEventName.AddPromo => "ADD_PROMO",
        ClickEventName.Scroll => "SCROLL",
        _ => "CLICK",
    };

    private static string Lines(Order order)
    {
        var text = new StringBuilder("[");
        foreach (var line in order.Lines)
        {
            if (text.Length > 1)
            {
                text.Append(", ");
            }

            text.Append("{'product_id': ").Append(PythonId(line.ProductId)).Append(", 'quantity': ").Append(line.Quantity.ToString(CultureInfo.InvariantCulture));
            if (line.ItemPrice is { } price)
            {
                text.Append(", 'item_price': ").Append(price.ToString(CultureInfo.InvariantCulture));
            }

            text.Append('}');
        }

        return text.Append(']').ToString();
    }

    private static string Metadata(ClickEventMetadata m)
    {
        var parts = new List<string>();
        if (m.ProductId is not null)
        {
            parts.Add("'product_id': " + PythonId(m.ProductId));
        }

        if (m.Quantity is { } q)
        {
            parts.Add("'quantity': " + q.ToString(CultureInfo.InvariantCulture));
        }

        if (m.ItemPrice is { } p)
        {
            parts.Add("'item_price': " + p.ToString(CultureInfo.InvariantCulture));
        }

        if (m.PaymentStatus is { } s)
        {
            parts.Add("'payment_status': " + PythonString(s.ToString()));
        }

        if (m.SearchKeywords is not null)
        {
            parts.Add("'search_keywords': " + PythonString(m.SearchKeywords));
        }

        if (m.PromoCode is not null)
        {
            parts.Add("'promo_code': " + PythonString(m.PromoCode));
        }

        if (m.PromoAmount is { } a)
        {
            parts.Add("'promo_amount': " + a.ToString(CultureInfo.InvariantCulture));
        }

        return "{" + string.Join(", ", parts) + "}";
    }

    private static string PythonId(string id) => id.Length > 0 && id.Length < 19 && id.All(char.IsAsciiDigit) && (id == "0" || id[0] != '0') ? id : PythonString(id);

    /// <summary>Python's repr of a str: single quotes unless the text holds one and no double quote.</summary>
    private static string PythonString(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder().Append(quote);
        foreach (var c in text)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\n':
                    builder.Append("\\n");
                    break;
                case '\r':
                    builder.Append("\\r");
                    break;
                case '\t':
                    builder.Append("\\t");
                    break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\');
                    }

                    builder.Append(c);
                    break;
            }
        }

        return builder.Append(quote).ToString();
    }
}
