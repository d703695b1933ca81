using System.Reflection;
using System.Text;
using Facet.Core.Commerce;
using Facet.Core.Events;
using static Facet.Core.Tests.Commerce.ShapeASamples;

namespace Facet.Core.Tests.Commerce;

/// <summary>Every reason code, on a message that differs from an accepted one in the one way the code names.</summary>
public sealed class CommerceRejectionTests
{
    private const string Order =
        """{"transaction_id": "o-1", "customer_id": "c-1", "created_at": "2024-11-30T10:15:00Z", "line_items": "[{'product_id': 54728, 'quantity': 1, 'item_price': 191247}]", "total_amount": 191247}""";

    private const string Click =
        """{"event_id": "e-1", "session_id": "s-1", "event_name": "ADD_TO_CART", "event_time": "2024-11-30T10:15:00Z", "event_metadata": "{'product_id': 54728, 'quantity': 1, 'item_price': 191247}"}""";

    /// <summary>(code, entity, message): one case per code; <see cref="Every_commerce_code_has_a_case"/> keeps it complete.</summary>
    public static TheoryData<string, string, string> Cases => new()
    {
        { RejectionCodes.EmptyMessage, "log", "" },
        { RejectionCodes.EmptyMessage, "log", "  \n" },
        { RejectionCodes.InvalidJson, "log", """{"log_id": "l-1", """ },
        { RejectionCodes.NotAnObject, "log", "[1, 2]" },
        { RejectionCodes.MissingId, "log", """{"timestamp": 1732961700, "level": "INFO", "message": "m"}""" },
        { RejectionCodes.MissingId, "order", Order.Replace("\"c-1\"", "null", StringComparison.Ordinal) },
        { RejectionCodes.MissingId, "order", Order.Replace("'product_id': 54728, ", "", StringComparison.Ordinal) },
        { RejectionCodes.InvalidId, "log", """{"log_id": "has space", "timestamp": 1732961700, "level": "INFO", "message": "m"}""" },
        { RejectionCodes.InvalidId, "log", """{"log_id": 1.5, "timestamp": 1732961700, "level": "INFO", "message": "m"}""" },
        { RejectionCodes.InvalidId, "log", """{"log_id": {"a": 1}, "timestamp": 1732961700, "level": "INFO", "message": "m"}""" },
        { RejectionCodes.MissingTime, "log", """{"log_id": "l-1", "level": "INFO", "message": "m"}""" },
        { RejectionCodes.TimeOutOfRange, "log", """{"log_id": "l-1", "timestamp": "1999-12-31T23:59:59Z", "level": "INFO", "message": "m"}""" },
        { RejectionCodes.TimeOutOfRange, "log", """{"log_id": "l-1", "timestamp": "2024-12-02T12:00:01Z", "level": "INFO", "message": "m"}""" },
        { RejectionCodes.TimeOutOfRange, "log", """{"log_id": "l-1", "timestamp": 1e30, "level": "INFO", "message": "m"}""" },
        { RejectionCodes.InvalidValue, "log", """{"log_id": "l-1", "timestamp": "yesterday", "level": "INFO", "message": "m"}""" },
        { RejectionCodes.InvalidValue, "log", """{"log_id": "l-1", "timestamp": "2024-02-30T10:00:00", "level": "INFO", "message": "m"}""" },
        { RejectionCodes.InvalidValue, "product", """{"product_id": "p", "price": "abc"}""" },
        { RejectionCodes.InvalidValue, "customer", """{"customer_id": "c", "home_location_lat": 91}""" },
        { RejectionCodes.InvalidValue, "product", """{"product_id": "p", "currency": "Rupiah"}""" },
        { RejectionCodes.InvalidFieldType, "product", """{"product_id": "p", "price": true}""" },
        { RejectionCodes.InvalidFieldType, "log", """{"log_id": "l-1", "timestamp": 1732961700, "level": "INFO", "message": ["m"]}""" },
        { RejectionCodes.DuplicateField, "order", Order.Replace("\"transaction_id\": \"o-1\"", "\"transaction_id\": \"o-1\", \"booking_id\": \"o-2\"", StringComparison.Ordinal) },
        { RejectionCodes.ContainsNul, "log", """{"log_id": "l-1", "timestamp": 1732961700, "level": "INFO", "message": "a\u0000b"}""" },
        { CommerceRejectionCodes.NegativeQuantity, "order", Order.Replace("'quantity': 1", "'quantity': -1", StringComparison.Ordinal) },
        { CommerceRejectionCodes.NegativeQuantity, "product", """{"product_id": "p", "stock_quantity": -3}""" },
        { CommerceRejectionCodes.NegativeQuantity, "click", Click.Replace("'quantity': 1", "'quantity': -2", StringComparison.Ordinal) },
        { CommerceRejectionCodes.NegativeAmount, "order", Order.Replace("191247}", "-191247}", StringComparison.Ordinal) },
        { CommerceRejectionCodes.NegativeAmount, "order", Order.Replace("'item_price': 191247", "'item_price': -5", StringComparison.Ordinal) },
        { CommerceRejectionCodes.NegativeAmount, "product", """{"product_id": "p", "price": -0.01}""" },
        { CommerceRejectionCodes.NegativeDuration, "view", """{"view_id": "v", "customer_id": "c", "product_id": "p", "timestamp": 1732961700, "view_duration": -1}""" },
        { CommerceRejectionCodes.InvalidMetadata, "order", Order.Replace("'item_price': 191247}]", "'item_price': 191247}", StringComparison.Ordinal) },
        { CommerceRejectionCodes.InvalidMetadata, "order", Order.Replace("'quantity': 1", "'quantity': 'one'", StringComparison.Ordinal) },
        { CommerceRejectionCodes.InvalidMetadata, "order", Order.Replace("\"[{'product_id'", "\"[7, {'product_id'", StringComparison.Ordinal) },
        { CommerceRejectionCodes.InvalidMetadata, "click", Click.Replace("'quantity': 1", "'quantity' 1", StringComparison.Ordinal) },
        { CommerceRejectionCodes.InvalidMetadata, "click", Click.Replace("\"{'product_id': 54728, 'quantity': 1, 'item_price': 191247}\"", "\"[1]\"", StringComparison.Ordinal) },
        { CommerceRejectionCodes.InvalidMetadata, "click", Click.Replace("\"{'product_id': 54728, 'quantity': 1, 'item_price': 191247}\"", "42", StringComparison.Ordinal) },
        { CommerceRejectionCodes.UnknownEnumValue, "order", Order.Replace("{\"transaction_id\"", "{\"payment_method\": \"bitcoin\", \"transaction_id\"", StringComparison.Ordinal) },
        { CommerceRejectionCodes.UnknownEnumValue, "order", Order.Replace("{\"transaction_id\"", "{\"status\": \"shipped\", \"transaction_id\"", StringComparison.Ordinal) },
        { CommerceRejectionCodes.UnknownEnumValue, "customer", """{"customer_id": "c", "gender": "Q"}""" },
        { CommerceRejectionCodes.UnknownEnumValue, "log", """{"log_id": "l-1", "timestamp": 1732961700, "level": "LOUD", "message": "m"}""" },
        { CommerceRejectionCodes.UnknownEnumValue, "click", Click.Replace("ADD_TO_CART", "CHECKOUT", StringComparison.Ordinal) },
        { CommerceRejectionCodes.UnknownEnumValue, "interaction", """{"interaction_id": "i", "customer_id": "c", "product_id": "p", "timestamp": 1732961700, "interaction_type": "like"}""" },
        { CommerceRejectionCodes.RatingOutOfRange, "interaction", """{"interaction_id": "i", "customer_id": "c", "product_id": "p", "timestamp": 1732961700, "interaction_type": "rating", "rating": 6}""" },
        { CommerceRejectionCodes.RatingOutOfRange, "interaction", """{"interaction_id": "i", "customer_id": "c", "product_id": "p", "timestamp": 1732961700, "interaction_type": "rating", "details": "0"}""" },
        { CommerceRejectionCodes.RatingOutOfRange, "product", """{"product_id": "p", "rating": 5.5}""" },
        { CommerceRejectionCodes.MissingField, "log", """{"log_id": "l-1", "timestamp": 1732961700, "level": "INFO"}""" },
        { CommerceRejectionCodes.MissingField, "log", """{"log_id": "l-1", "timestamp": 1732961700, "message": "m"}""" },
        { CommerceRejectionCodes.MissingField, "interaction", """{"interaction_id": "i", "customer_id": "c", "product_id": "p", "timestamp": 1732961700}""" },
        { CommerceRejectionCodes.MissingField, "order", Order.Replace(", 'quantity': 1", "", StringComparison.Ordinal) },
        { CommerceRejectionCodes.NoLineItems, "order", Order.Replace("\"[{'product_id': 54728, 'quantity': 1, 'item_price': 191247}]\"", "[]", StringComparison.Ordinal) },
        { CommerceRejectionCodes.NoLineItems, "order", """{"transaction_id": "o-1", "customer_id": "c-1", "created_at": "2024-11-30T10:15:00Z"}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void A_message_with_the_named_fault_is_rejected_with_its_code_and_raw_bytes(string code, string entity, string json)
    {
        var rejection = entity switch
        {
            "log" => Reject(new SystemLogDecoder(Options), json, code),
            "order" => Reject(new OrderDecoder(Options), json, code),
            "product" => Reject(new ProductDecoder(Options), json, code),
            "customer" => Reject(new CustomerDecoder(Options), json, code),
            "view" => Reject(new ProductViewDecoder(Options), json, code),
            "click" => Reject(new ClickEventDecoder(Options), json, code),
            _ => Reject(new UserInteractionDecoder(Options), json, code),
        };
        Assert.False(string.IsNullOrWhiteSpace(rejection.Message));
    }

    [Fact]
    public void The_base_cases_of_the_rejection_table_are_accepted()
    {
        Accept(new OrderDecoder(Options), Order);
        Accept(new ClickEventDecoder(Options), Click);
    }

    [Fact]
    public void Every_commerce_code_has_a_case()
    {
        var covered = Cases.Select(row => (string)row[0]).ToHashSet(StringComparer.Ordinal);
        var codes = typeof(CommerceRejectionCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (string)f.GetRawConstantValue()!)
            .Where(c => c != CommerceRejectionCodes.MalformedRow); // a CSV-only code: CommerceCsvReaderTests
        Assert.Empty(codes.Except(covered));
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_the_bytes_kept()
    {
        byte[] bytes = [.. "{\"log_id\": \""u8, 0xC3, 0x28, .. "\"}"u8];
        var decoded = new SystemLogDecoder(Options).Decode(bytes, Position);
        Assert.Equal(RejectionCodes.InvalidUtf8, decoded.Rejection!.Code);
        Assert.Equal(bytes, decoded.Rejection.Raw.ToArray());
    }

    [Fact]
    public void A_message_over_the_size_limit_is_too_large_and_keeps_a_prefix()
    {
        var options = new CommerceDecoderOptions { Clock = Options.Clock, MaxMessageBytes = 100 };
        var json = Encoding.UTF8.GetBytes("{\"message\": \"" + new string('x', 10_000) + "\"}");
        var decoded = new SystemLogDecoder(options).Decode(json, Position);
        Assert.Equal(RejectionCodes.TooLarge, decoded.Rejection!.Code);
        Assert.True(decoded.Rejection.RawTruncated);
        Assert.Equal(4096, decoded.Rejection.Raw.Length);
    }

    [Fact]
    public void A_rejection_names_the_field_and_shows_the_value()
    {
        var rejection = Reject(new OrderDecoder(Options), Order.Replace("'quantity': 1", "'quantity': -1", StringComparison.Ordinal), CommerceRejectionCodes.NegativeQuantity);
        Assert.Equal("line_items[0].quantity", rejection.Field);
        Assert.Contains("-1", rejection.Message, StringComparison.Ordinal);

        var unknown = Reject(new OrderDecoder(Options), Order.Replace("{\"transaction_id\"", "{\"payment_method\": \"bitcoin\", \"transaction_id\"", StringComparison.Ordinal), CommerceRejectionCodes.UnknownEnumValue);
        Assert.Equal("payment_method", unknown.Field);
        Assert.Contains("\"bitcoin\"", unknown.Message, StringComparison.Ordinal);
        Assert.Contains("paypal", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_order_whose_total_does_not_add_up_is_kept_and_flagged()
    {
        var order = Accept(new OrderDecoder(Options), Order.Replace("\"total_amount\": 191247", "\"promo_amount\": 1415, \"shipment_fee\": 10000, \"total_amount\": 200000", StringComparison.Ordinal));
        Assert.Equal(191247m - 1415m + 10000m, order.ExpectedTotal);
        Assert.Equal(200000m, order.TotalAmount);
        Assert.True(order.TotalMismatch);

        var exact = Accept(new OrderDecoder(Options), Order.Replace("\"total_amount\": 191247", "\"promo_amount\": 1415, \"shipment_fee\": 10000, \"total_amount\": 199832", StringComparison.Ordinal));
        Assert.False(exact.TotalMismatch);
    }

    [Fact]
    public void A_shipment_deadline_may_lie_days_ahead_but_not_before_2000()
    {
        var order = Accept(new OrderDecoder(Options), Order.Replace("{\"transaction_id\"", "{\"shipment_date_limit\": \"2024-12-08T00:00:00Z\", \"transaction_id\"", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2024, 12, 8, 0, 0, 0, TimeSpan.Zero), order.ShipmentDueAt);
        Reject(new OrderDecoder(Options), Order.Replace("{\"transaction_id\"", "{\"shipment_date_limit\": \"1999-12-08\", \"transaction_id\"", StringComparison.Ordinal), RejectionCodes.TimeOutOfRange);
    }

    [Fact]
    public void The_future_limit_follows_the_injected_clock()
    {
        const string json = """{"log_id": "l-1", "timestamp": "2024-12-02T11:59:59Z", "level": "INFO", "message": "m"}""";
        Accept(new SystemLogDecoder(Options), json);
        var earlier = new CommerceDecoderOptions { Clock = new Parsing.FixedClock(Now.AddHours(-1)) };
        Reject(new SystemLogDecoder(earlier), json, RejectionCodes.TimeOutOfRange);
    }
}
