using System.Text;
using Facet.Core.Commerce;
using Facet.Core.Commerce.Csv;
using Facet.Core.Events;
using Facet.Core.Streams;
using static Facet.Core.Tests.Commerce.ShapeBSamples;

namespace Facet.Core.Tests.Commerce;

/// <summary>Shape B's CSV files, row by row, into the same records the JSON decoders give.</summary>
public sealed class CommerceCsvReaderTests
{
    private static readonly CommerceDecoderOptions Options = new() { Clock = ShapeASamples.Options.Clock, DefaultCurrency = CommerceCsvReader.ShapeBCurrency };

    private static CommerceCsvReader Open(string text, string source = "shape-b.csv") => CommerceCsvReader.Create(new StringReader(text), source, Options);

    [Fact]
    public void The_example_customer_row_keeps_every_shape_b_field()
    {
        using var reader = Open(File(CustomerHeader, CustomerRow));
        Assert.Equal(CommerceCsvKind.Customers, reader.Kind);
        var c = Assert.Single(reader.ReadCustomers()).Record!;
        Assert.Equal("5868", c.CustomerId);
        Assert.Equal(("Ayu", "Lestari", "ayulestari", "ayu.lestari@example.org"), (c.FirstName, c.LastName, c.Username, c.Email));
        Assert.Equal(CustomerGender.Female, c.Gender);
        Assert.Equal(new DateOnly(1996, 8, 1), c.BirthDate);
        Assert.Equal(("iOS", "3b1c1f38-8a62-4f6e-9a1f-2f1d1b6c9e11", "iPhone; iOS 13.1.2"), (c.DeviceType, c.DeviceId, c.DeviceVersion));
        Assert.Equal((-6.2146, 106.8451), (c.HomeLatitude!.Value, c.HomeLongitude!.Value));
        Assert.Equal(("Jakarta Raya", "Indonesia"), (c.HomeLocation, c.HomeCountry));
        Assert.Equal(new DateTimeOffset(2019, 7, 21, 0, 0, 0, TimeSpan.Zero), c.AccountCreatedAt);
    }

    [Fact]
    public void The_example_product_row_maps_shape_b_catalog_columns()
    {
        using var reader = Open(File(ProductHeader, ProductRow));
        Assert.Equal(CommerceCsvKind.Products, reader.Kind);
        var p = Assert.Single(reader.ReadProducts()).Record!;
        Assert.Equal("15970", p.ProductId);
        Assert.Equal(("Men", "Apparel", "Topwear", "Shirts", "Navy Blue", "Fall", 2011, "Casual"),
            (p.Gender, p.Category, p.SubCategory, p.ArticleType, p.BaseColour, p.Season, p.Year!.Value, p.Usage));
        Assert.Equal("Turtle Check Men Navy Blue Shirt, Slim", p.Name);
    }

    [Fact]
    public void The_example_transaction_row_parses_its_python_literal_line_items_and_adds_up()
    {
        using var reader = Open(File(TransactionHeader, TransactionRow));
        Assert.Equal(CommerceCsvKind.Transactions, reader.Kind);
        var o = Assert.Single(reader.ReadOrders()).Record!;
        Assert.Equal("186e2bee-0637-4710-8981-50c2d737bc42", o.OrderId);
        Assert.Equal("5868", o.CustomerId);
        Assert.Equal("3abaa6ce-e320-4e51-9469-d9f3fa328e86", o.SessionId);
        Assert.Equal(new DateTimeOffset(2018, 7, 29, 15, 22, 1, TimeSpan.Zero).AddTicks(4581930), o.CreatedAt);
        Assert.Equal([new OrderLine("54728", 1, 191247m), new OrderLine("15970", 2, 12000m)], o.Lines);
        Assert.Equal((PaymentMethod.DebitCard, PaymentStatus.Success), (o.PaymentMethod!.Value, o.PaymentStatus!.Value));
        Assert.Equal((1415m, "WEEKENDSERU", 10000m), (o.PromoAmount!.Value, o.PromoCode, o.ShipmentFee!.Value));
        Assert.Equal(new DateTimeOffset(2018, 8, 3, 4, 53, 55, TimeSpan.Zero).AddTicks(4581930), o.ShipmentDueAt);
        Assert.Equal((-8.2274, 111.9690), (o.ShipmentLatitude!.Value, o.ShipmentLongitude!.Value));
        Assert.Equal(223832m, o.TotalAmount);
        Assert.Equal(223832m, o.ExpectedTotal);
        Assert.False(o.TotalMismatch);
        Assert.Equal("IDR", o.Currency);
    }

    [Fact]
    public void A_transaction_whose_total_drifts_is_kept_with_the_flag()
    {
        using var reader = Open(File(TransactionHeader, TransactionRow.Replace(",223832", ",223833", StringComparison.Ordinal)));
        var o = Assert.Single(reader.ReadOrders()).Record!;
        Assert.True(o.TotalMismatch);
    }

    [Fact]
    public void The_example_click_rows_parse_their_event_metadata()
    {
        using var reader = Open(File(ClickHeader, ClickAddToCart, ClickSearch));
        Assert.Equal(CommerceCsvKind.ClickStream, reader.Kind);
        var rows = reader.ReadClickEvents().Select(d => d.Record!).ToList();
        Assert.Equal(ClickEventName.AddToCart, rows[0].EventName);
        Assert.Equal("MOBILE", rows[0].TrafficSource);
        Assert.Equal(new ClickEventMetadata { ProductId = "54728", Quantity = 1, ItemPrice = 191247m }, rows[0].Metadata);
        Assert.Equal(ClickEventName.Search, rows[1].EventName);
        Assert.Equal("a1b2...", rows[1].EventId);
        Assert.Equal(new ClickEventMetadata { SearchKeywords = "Tas Ransel" }, rows[1].Metadata);
        Assert.Equal(new DateTimeOffset(2018, 7, 29, 15, 18, 2, TimeSpan.Zero), rows[1].EventTime);
    }

    [Fact]
    public void Unknown_metadata_keys_are_kept_as_json_in_their_order()
    {
        using var reader = Open(File(ClickHeader, ClickSearch.Replace("{'search_keywords': 'Tas Ransel'}", "{'search_keywords': 'Tas', 'page': 2, 'filters': ['a', None], 'ok': True}", StringComparison.Ordinal)));
        var m = Assert.Single(reader.ReadClickEvents()).Record!.Metadata!;
        Assert.Equal("Tas", m.SearchKeywords);
        Assert.Equal("""{"page":2,"filters":["a",null],"ok":true}""", m.OtherJson);
    }

    [Fact]
    public void An_empty_event_metadata_cell_is_no_metadata()
    {
        using var reader = Open(File(ClickHeader, "s-1,HOMEPAGE,e-1,2018-07-29T15:18:02Z,WEB,"));
        Assert.Null(Assert.Single(reader.ReadClickEvents()).Record!.Metadata);
    }

    [Fact]
    public void A_malformed_literal_is_rejected_with_its_line_number_and_raw_row()
    {
        var bad = TransactionRow.Replace("'quantity': 2,", "'quantity': 2", StringComparison.Ordinal);
        using var reader = Open(File(TransactionHeader, TransactionRow, bad, TransactionRow), "tx.csv");
        var rows = reader.ReadOrders().ToList();
        Assert.Equal(3, rows.Count);
        Assert.True(rows[0].IsAccepted);
        var rejection = rows[1].Rejection!;
        Assert.Equal(CommerceRejectionCodes.InvalidMetadata, rejection.Code);
        Assert.Equal("line_items", rejection.Field);
        Assert.Equal(SourcePosition.File("tx.csv", 3), rejection.Position);
        Assert.Equal(bad, Encoding.UTF8.GetString(rejection.Raw.Span));
        Assert.True(rows[2].IsAccepted);
    }

    [Fact]
    public void Line_numbers_count_physical_lines_of_quoted_multi_line_fields_and_skip_blank_lines()
    {
        var multiLine = ProductRow.Replace("\"Turtle Check Men Navy Blue Shirt, Slim\"", "\"Turtle Check\nMen Shirt\"", StringComparison.Ordinal);
        using var reader = Open(File(ProductHeader, multiLine, "", "bad-id x,Men,Apparel,Topwear,Shirts,Navy Blue,Fall,2011,Casual,Shirt"));
        var rows = reader.ReadProducts().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal("Turtle Check\nMen Shirt", rows[0].Record!.Name);
        Assert.Equal(RejectionCodes.InvalidId, rows[1].Rejection!.Code);
        Assert.Equal(5, rows[1].Rejection!.Position.Offset);
    }

    [Fact]
    public void A_row_with_too_few_fields_is_a_malformed_row()
    {
        using var reader = Open(File(ProductHeader, "15970,Men,Apparel"));
        var rejection = Assert.Single(reader.ReadProducts()).Rejection!;
        Assert.Equal(CommerceRejectionCodes.MalformedRow, rejection.Code);
        Assert.Contains("3 fields", rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Column_names_match_case_insensitively_and_extra_columns_are_ignored()
    {
        var header = "ID,Gender,MASTERCATEGORY,subcategory,ArticleType,basecolour,Season,YEAR,Usage,ProductDisplayName,warehouse_note";
        using var reader = Open(File(header, ProductRow + ",fragile"));
        var p = Assert.Single(reader.ReadProducts()).Record!;
        Assert.Equal(("15970", "Apparel", "Shirts"), (p.ProductId, p.Category, p.ArticleType));
    }

    [Fact]
    public void A_missing_required_column_is_one_error_naming_the_file_and_the_column()
    {
        var header = ClickHeader.Replace(",event_time", string.Empty, StringComparison.Ordinal);
        var error = Assert.Throws<CommerceCsvException>(() => Open(File(header), "clicks.csv"));
        Assert.Contains("'clicks.csv'", error.Message, StringComparison.Ordinal);
        Assert.Contains("'event_time'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_of_no_known_file_is_an_error_listing_the_kinds()
    {
        var error = Assert.Throws<CommerceCsvException>(() => Open("a,b,c\n1,2,3\n", "other.csv"));
        Assert.Contains("'other.csv'", error.Message, StringComparison.Ordinal);
        Assert.Contains("click_stream", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_with_broken_quoting_is_rejected_and_the_rows_after_it_are_read()
    {
        var strayQuote = "15971,Men,\"Apparel\"x,Topwear,Shirts,Navy,Fall,2011,Casual,Shirt";
        var unclosed = "15972,Men,Apparel,Topwear,Shirts,Navy,Fall,2011,Casual,\"Shirt, Slim";
        var next = ProductRow.Replace("15970,", "15973,", StringComparison.Ordinal);
        using var reader = Open(File(ProductHeader, ProductRow, strayQuote, unclosed, next, ProductRow.Replace("15970,", "15974,", StringComparison.Ordinal)), "p.csv");
        var rows = reader.ReadProducts().ToList();

        Assert.Equal(5, rows.Count);
        Assert.Equal(["15970", "15973", "15974"], rows.Where(r => r.IsAccepted).Select(r => r.Record!.ProductId));
        Assert.Equal([(CommerceRejectionCodes.MalformedRow, 3L, strayQuote), (CommerceRejectionCodes.MalformedRow, 4L, unclosed)],
            rows.Where(r => !r.IsAccepted).Select(r => (r.Rejection!.Code, r.Rejection.Position.Offset, Encoding.UTF8.GetString(r.Rejection.Raw.Span))));
        Assert.Contains("broken quoting", rows[1].Rejection!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_before_the_resume_line_are_passed_over_and_next_line_follows_the_reading()
    {
        using var reader = Open(File(ProductHeader, ProductRow, ProductRow.Replace("15970,", "15971,", StringComparison.Ordinal), "x,bad"), "p.csv");
        reader.SkipRowsBefore(3);
        var rows = reader.ReadProducts().ToList();

        Assert.Equal("15971", rows[0].Record!.ProductId);
        Assert.Equal(4, rows[1].Rejection!.Position.Offset);
        Assert.Equal(5, reader.NextLine);
    }

    [Fact]
    public void Reading_a_file_as_another_kind_is_refused()
    {
        using var reader = Open(File(ProductHeader, ProductRow));
        Assert.Throws<InvalidOperationException>(() => reader.ReadOrders());
    }

    [Fact]
    public void A_csv_row_and_the_same_values_as_json_give_equal_records()
    {
        using var reader = Open(File(TransactionHeader, TransactionRow));
        var fromCsv = Assert.Single(reader.ReadOrders()).Record!;
        const string json = """{"created_at": "2018-07-29T15:22:01.458193Z", "customer_id": 5868, "booking_id": "186e2bee-0637-4710-8981-50c2d737bc42", "session_id": "3abaa6ce-e320-4e51-9469-d9f3fa328e86", "product_metadata": [{"product_id": 54728, "quantity": 1, "item_price": 191247}, {"product_id": 15970, "quantity": 2, "item_price": 12000}], "payment_method": "Debit Card", "payment_status": "Success", "promo_amount": 1415, "promo_code": "WEEKENDSERU", "shipment_fee": 10000, "shipment_date_limit": "2018-08-03T04:53:55.458193Z", "shipment_location_lat": -8.2274, "shipment_location_long": 111.9690, "total_amount": 223832}""";
        var fromJson = new OrderDecoder(Options).Decode(Encoding.UTF8.GetBytes(json), SourcePosition.File("x", 1)).Record;
        Assert.Equal(fromCsv, fromJson);
    }
}
