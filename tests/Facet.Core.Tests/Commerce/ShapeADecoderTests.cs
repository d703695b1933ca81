using Facet.Core.Commerce;
using static Facet.Core.Tests.Commerce.ShapeASamples;

namespace Facet.Core.Tests.Commerce;

/// <summary>Shape A's six topics decode exactly as its producers write them.</summary>
public sealed class ShapeADecoderTests
{
    private static readonly DateTimeOffset Utc1015 = new(2024, 11, 30, 10, 15, 0, TimeSpan.Zero);

    [Fact]
    public void A_shape_a_customer_keeps_every_field_and_reads_zoneless_times_as_utc()
    {
        var c = Accept(new CustomerDecoder(Options), CustomerJson);
        Assert.Equal("6f1c2b7e-3a7d-4d51-9a55-2f4b1e0f9c11", c.CustomerId);
        Assert.Equal("Jennifer Miller", c.Name);
        Assert.Equal("jmiller@example.net", c.Email);
        Assert.Equal("0448 Lisa Crossing Apt. 123\nNew Jessica, ND 52304", c.Address);
        Assert.Equal(42, c.Age);
        Assert.Equal(CustomerGender.Female, c.Gender);
        Assert.Equal(new DateTimeOffset(2023, 3, 14, 9, 26, 53, TimeSpan.Zero).AddTicks(5897930), c.AccountCreatedAt);
        Assert.Equal(new DateTimeOffset(2024, 11, 30, 21, 14, 7, TimeSpan.Zero).AddTicks(1234560), c.LastLoginAt);
        Assert.Equal(TimeSpan.Zero, c.LastLoginAt!.Value.Offset);
        Assert.Null(c.FirstName);
        Assert.Null(c.UpdatedAt);
    }

    [Fact]
    public void A_shape_a_product_keeps_price_stock_supplier_and_rating()
    {
        var p = Accept(new ProductDecoder(Options), ProductJson);
        Assert.Equal("a1b2c3d4-0000-4000-8000-000000000001", p.ProductId);
        Assert.Equal("Ergonomic Steel Chair", p.Name);
        Assert.Equal("Home & Kitchen", p.Category);
        Assert.Equal(59.99m, p.Price);
        Assert.Equal(120, p.StockQuantity);
        Assert.Equal("Smith, Jones and Lee", p.Supplier);
        Assert.Equal(4.3m, p.Rating);
        Assert.Null(p.Currency);
    }

    [Fact]
    public void A_shape_a_transaction_is_an_order_with_one_line_and_no_total_to_check()
    {
        var o = Accept(new OrderDecoder(Options), TransactionJson);
        Assert.Equal("9c0e1f2a-1111-4222-8333-444455556666", o.OrderId);
        Assert.Equal("6f1c2b7e-3a7d-4d51-9a55-2f4b1e0f9c11", o.CustomerId);
        Assert.Equal(Utc1015, o.CreatedAt);
        Assert.Equal(OrderStatus.Completed, o.Status);
        Assert.Equal(PaymentMethod.CreditCard, o.PaymentMethod);
        var line = Assert.Single(o.Lines);
        Assert.Equal(new OrderLine("a1b2c3d4-0000-4000-8000-000000000001", 3, null), line);
        Assert.Null(o.TotalAmount);
        Assert.Null(o.ExpectedTotal);
        Assert.False(o.TotalMismatch);
    }

    [Fact]
    public void A_shape_a_product_view_reads_epoch_seconds_with_a_fraction_and_duration_in_seconds()
    {
        var v = Accept(new ProductViewDecoder(Options), ProductViewJson);
        Assert.Equal("v-001", v.ViewId);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1733000000250), v.ViewedAt);
        Assert.Equal(187d, v.ViewDurationSeconds);
    }

    [Fact]
    public void A_shape_a_review_keeps_its_details_as_the_review_text()
    {
        var i = Accept(new UserInteractionDecoder(Options), ReviewJson);
        Assert.Equal(InteractionType.Review, i.Type);
        Assert.Equal("Exactly as described, fast delivery.", i.ReviewText);
        Assert.Null(i.Details);
        Assert.Equal(Utc1015, i.OccurredAt);
    }

    [Fact]
    public void A_shape_a_rating_reads_its_stars_from_details_and_epoch_milliseconds()
    {
        var i = Accept(new UserInteractionDecoder(Options), RatingJson);
        Assert.Equal(InteractionType.Rating, i.Type);
        Assert.Equal(4, i.Rating);
        Assert.Equal(Utc1015, i.OccurredAt);
    }

    [Fact]
    public void A_shape_a_wishlist_addition_with_null_details_and_epoch_seconds_as_a_string_is_accepted()
    {
        var i = Accept(new UserInteractionDecoder(Options), WishlistJson);
        Assert.Equal(InteractionType.WishlistAddition, i.Type);
        Assert.Null(i.Details);
        Assert.Equal(Utc1015, i.OccurredAt);
    }

    [Fact]
    public void A_shape_a_system_log_converts_a_zoned_time_to_utc()
    {
        var l = Accept(new SystemLogDecoder(Options), SystemLogJson);
        Assert.Equal(SystemLogLevel.Warning, l.Level);
        Assert.Equal("Payment gateway latency above 2s", l.Message);
        Assert.Equal(Utc1015.AddHours(-1), l.LoggedAt);
        Assert.Equal(TimeSpan.Zero, l.LoggedAt.Offset);
    }

    [Theory]
    [InlineData("credit card", PaymentMethod.CreditCard)]
    [InlineData("Credit Card", PaymentMethod.CreditCard)]
    [InlineData("credit_card", PaymentMethod.CreditCard)]
    [InlineData("CREDIT-CARD", PaymentMethod.CreditCard)]
    [InlineData("PayPal", PaymentMethod.PayPal)]
    [InlineData("paypal", PaymentMethod.PayPal)]
    [InlineData("bank transfer", PaymentMethod.BankTransfer)]
    [InlineData("Debit Card", PaymentMethod.DebitCard)]
    [InlineData("Gopay", PaymentMethod.GoPay)]
    [InlineData("LinkAja", PaymentMethod.LinkAja)]
    [InlineData("Shopee Pay", PaymentMethod.ShopeePay)]
    public void Payment_method_spellings_of_both_shapes_are_one_value(string spelling, PaymentMethod expected)
    {
        var o = Accept(new OrderDecoder(Options), TransactionJson.Replace("\"credit card\"", $"\"{spelling}\"", StringComparison.Ordinal));
        Assert.Equal(expected, o.PaymentMethod);
    }

    [Theory]
    [InlineData("\"2024-11-30T10:15:00Z\"")]
    [InlineData("\"2024-11-30T10:15:00\"")]
    [InlineData("\"2024-11-30 10:15:00\"")]
    [InlineData("\"2024-11-30T11:15:00+01:00\"")]
    [InlineData("\"2024-11-30T05:15:00-0500\"")]
    [InlineData("\"2024-11-30T10:15:00.000000Z\"")]
    [InlineData("1732961700")]
    [InlineData("1732961700.0")]
    [InlineData("1732961700000")]
    [InlineData("\"1732961700000\"")]
    [InlineData("\" 1732961700 \"")]
    public void Every_documented_time_form_gives_the_same_instant(string value)
    {
        var o = Accept(new OrderDecoder(Options), TransactionJson.Replace("\"2024-11-30T10:15:00\"", value, StringComparison.Ordinal));
        Assert.Equal(Utc1015, o.CreatedAt);
    }

    [Fact]
    public void A_date_alone_is_midnight_utc()
    {
        var o = Accept(new OrderDecoder(Options), TransactionJson.Replace("\"2024-11-30T10:15:00\"", "\"2024-11-30\"", StringComparison.Ordinal));
        Assert.Equal(new DateTimeOffset(2024, 11, 30, 0, 0, 0, TimeSpan.Zero), o.CreatedAt);
    }

    [Fact]
    public void Numbers_written_as_strings_are_read_as_numbers()
    {
        var p = Accept(new ProductDecoder(Options), """{"product_id": 17, "price": "59.99", "stock_quantity": "120", "rating": "4.5"}""");
        Assert.Equal("17", p.ProductId);
        Assert.Equal(59.99m, p.Price);
        Assert.Equal(120, p.StockQuantity);
        Assert.Equal(4.5m, p.Rating);
    }

    [Theory]
    [InlineData("Male", CustomerGender.Male)]
    [InlineData("M", CustomerGender.Male)]
    [InlineData("female", CustomerGender.Female)]
    [InlineData("F", CustomerGender.Female)]
    [InlineData("Other", CustomerGender.Other)]
    public void Gender_spellings_of_both_shapes_are_one_value(string spelling, CustomerGender expected)
    {
        var c = Accept(new CustomerDecoder(Options), CustomerJson.Replace("\"Female\"", $"\"{spelling}\"", StringComparison.Ordinal));
        Assert.Equal(expected, c.Gender);
    }

    [Theory]
    [InlineData("info", SystemLogLevel.Info)]
    [InlineData("Warn", SystemLogLevel.Warning)]
    [InlineData("ERROR", SystemLogLevel.Error)]
    [InlineData("fatal", SystemLogLevel.Critical)]
    public void Log_level_spellings_are_lenient(string spelling, SystemLogLevel expected)
    {
        var l = Accept(new SystemLogDecoder(Options), SystemLogJson.Replace("\"WARNING\"", $"\"{spelling}\"", StringComparison.Ordinal));
        Assert.Equal(expected, l.Level);
    }

    [Fact]
    public void Cancelled_and_canceled_are_one_status()
    {
        Assert.Equal(OrderStatus.Cancelled, Accept(new OrderDecoder(Options), TransactionJson.Replace("completed", "canceled", StringComparison.Ordinal)).Status);
        Assert.Equal(OrderStatus.Cancelled, Accept(new OrderDecoder(Options), TransactionJson.Replace("completed", "Cancelled", StringComparison.Ordinal)).Status);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        var l = Accept(new SystemLogDecoder(Options), SystemLogJson.Replace("{", "{\"host\": \"web-1\", \"extra\": {\"a\": [1, 2]}, ", StringComparison.Ordinal));
        Assert.Equal("l-1", l.LogId);
    }
}
