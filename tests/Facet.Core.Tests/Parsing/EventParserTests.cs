using System.Text;
using System.Text.Json;
using Facet.Core.Events;
using Facet.Core.Parsing;
using static Facet.Core.Tests.Parsing.GlamiraSamples;

namespace Facet.Core.Tests.Parsing;

public sealed class EventParserTests
{
    private static readonly DateTimeOffset SampleTime = new(2020, 6, 4, 10, 21, 32, TimeSpan.Zero);

    // ---- accepted events: every field --------------------------------------------------------------------------

    [Fact]
    public void Parse_maps_every_field_of_a_view_product_detail_event()
    {
        var e = Accept(ViewProductDetail);
        Assert.Equal("aea4b823-c5c6-485e-8b3b-6182a7c4ecce", e.EventId);
        Assert.Equal("5ed8cb2bc671fc36b74653ad", e.SourceDocId);
        Assert.Equal(SampleTime, e.EventTime);
        Assert.Equal(TimeSpan.Zero, e.EventTime.Offset);
        Assert.False(e.TimeFromLocalTime);
        Assert.Equal("2020-06-04 17:21:32", e.LocalTime);
        Assert.Equal("view_product_detail", e.Collection);
        Assert.Equal("37.170.17.183", e.Ip);
        Assert.StartsWith("Mozilla/5.0 (iPhone;", e.UserAgent, StringComparison.Ordinal);
        Assert.Equal("375x667", e.Resolution);
        Assert.Null(e.UserIdDb);
        Assert.Equal("c8a5ec8e-1f0b-4c2c-9a0a-3e4e6a3c2f11", e.DeviceId);
        Assert.Equal("1.0", e.ApiVersion);
        Assert.Equal("12", e.StoreId);
        Assert.Equal("https://www.glamira.fr/glamira-anillo-saphira-skug100335.html?alloy=white-375&diamond=sapphire", e.CurrentUrl);
        Assert.Equal("https://www.google.com/", e.ReferrerUrl);
        Assert.Null(e.EmailAddress);
        Assert.Equal("110474", e.ProductId);
        Assert.Equal(2, e.Options.Count);
        Assert.Equal(new EventOption("alloy", "332084", null, "3279318"), e.Options[0]);
        Assert.Equal(new EventOption("diamond", null, null, null), e.Options[1]);
        Assert.Null(e.UtmSource);
        Assert.Null(e.UtmMedium);
        Assert.False(e.ShowRecommendation);
        Assert.Null(e.ShowRecommendationRaw);
        Assert.False(e.Recommendation);
        Assert.Null(e.Price);
        Assert.Empty(e.CartProducts);
        Assert.Null(e.ExtraJson);
        Assert.Equal(Position, e.Position);
    }

    [Fact]
    public void Parse_maps_a_checkout_with_cart_products_alias_email_and_dirty_show_recommendation()
    {
        var e = Accept(Checkout);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1591267610), e.EventTime);
        Assert.Equal("2a01:cb00:8a1:4e00:d9b1:7c3a:1a4e:5f21", e.Ip);
        Assert.Equal("502567", e.UserIdDb);
        Assert.Equal("kunde@example.de", e.EmailAddress);
        Assert.Equal("google", e.UtmSource);
        Assert.Equal("cpc", e.UtmMedium);
        Assert.True(e.ShowRecommendation);
        Assert.Equal("true; NEXTSMARTY_DEVICE_ID=9c5c7a35-f1e4-4a7c-9c49-5e7ad2b9a1c0", e.ShowRecommendationRaw);
        Assert.True(e.Recommendation);
        Assert.True(e.IsPaypal);
        Assert.Null(e.OrderId);
        Assert.Equal(915.00m, e.Price);
        Assert.Equal("915,00", e.PriceRaw);
        Assert.Equal("€", e.Currency);
        Assert.Equal(2, e.CartProducts.Count);
        var first = e.CartProducts[0];
        Assert.Equal("96672", first.ProductId);
        Assert.Equal(1m, first.Amount);
        Assert.Equal(1234.56m, first.Price);
        Assert.Equal("1.234,56", first.PriceRaw);
        Assert.Equal("€", first.Currency);
        var option = Assert.Single(first.Options);
        Assert.Equal("Yellow 585", option.ValueLabel);
        Assert.Equal("{\"quality\":\"585\"}", option.ExtraJson);
        var second = e.CartProducts[1];
        Assert.Equal("87124", second.ProductId);
        Assert.Equal(2m, second.Amount);
        Assert.Equal(22688.00m, second.Price);
        Assert.Empty(second.Options);
    }

    // ---- time ---------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("1591266092", "2020-06-04T10:21:32.000Z")]
    [InlineData("\"1591266092\"", "2020-06-04T10:21:32.000Z")]
    [InlineData("\" 1591266092 \"", "2020-06-04T10:21:32.000Z")]
    [InlineData("1591266092123", "2020-06-04T10:21:32.123Z")]
    [InlineData("\"1591266092123\"", "2020-06-04T10:21:32.123Z")]
    [InlineData("1591266092.5", "2020-06-04T10:21:32.500Z")]
    [InlineData("1.591266092E9", "2020-06-04T10:21:32.000Z")]
    public void Parse_reads_time_stamp_as_seconds_numeric_strings_and_milliseconds_above_1e12(string timeStamp, string expected)
    {
        var e = Accept(Event($"\"time_stamp\":{timeStamp}"));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), e.EventTime);
        Assert.False(e.TimeFromLocalTime);
    }

    [Fact]
    public void Parse_falls_back_to_local_time_at_plus_7_and_records_the_fallback_when_time_stamp_is_missing()
    {
        var e = Accept(Event("-time_stamp", "\"local_time\":\"2020-06-04 17:21:32\""));
        Assert.Equal(SampleTime, e.EventTime);
        Assert.True(e.TimeFromLocalTime);
        Assert.Equal("2020-06-04 17:21:32", e.LocalTime);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("\"\"")]
    [InlineData("false")]
    public void Parse_treats_an_empty_time_stamp_as_missing_and_uses_local_time(string timeStamp)
    {
        var e = Accept(Event($"\"time_stamp\":{timeStamp}", "\"local_time\":\"2020-06-04 17:21:32\""));
        Assert.True(e.TimeFromLocalTime);
        Assert.Equal(SampleTime, e.EventTime);
    }

    [Fact]
    public void Parse_reads_local_time_at_the_configured_offset()
    {
        var options = new ParserOptions { Clock = new FixedClock(Now), LocalTimeOffset = TimeSpan.FromHours(2) };
        var e = Accept(Event("-time_stamp", "\"local_time\":\"2020-06-04 12:21:32\""), options);
        Assert.Equal(SampleTime, e.EventTime);
    }

    [Fact]
    public void Parse_prefers_time_stamp_over_a_disagreeing_local_time()
    {
        var e = Accept(Event("\"local_time\":\"1999-01-01 00:00:00\""));
        Assert.Equal(SampleTime, e.EventTime);
        Assert.False(e.TimeFromLocalTime);
        Assert.Equal("1999-01-01 00:00:00", e.LocalTime);
    }

    [Fact]
    public void Parse_rejects_missing_time_when_neither_time_stamp_nor_local_time_is_present()
    {
        var r = Reject(Event("-time_stamp"), RejectionCodes.MissingTime);
        Assert.Equal("time_stamp", r.Field);
    }

    [Theory]
    [InlineData("946684799")] // 1999-12-31T23:59:59Z
    [InlineData("-5")]
    [InlineData("0")]
    [InlineData("1591439000")] // 2020-06-06T10:23Z: more than a day after Now
    [InlineData("1e999")]
    [InlineData("-1e999")]
    [InlineData("99999999999999999999999")]
    public void Parse_rejects_time_out_of_range_before_2000_after_the_future_skew_and_for_infinite_numbers(string timeStamp)
    {
        var r = Reject(Event($"\"time_stamp\":{timeStamp}"), RejectionCodes.TimeOutOfRange);
        Assert.Equal("time_stamp", r.Field);
    }

    [Fact]
    public void Parse_accepts_times_within_the_future_skew_and_honours_a_configured_minimum()
    {
        Accept(Event($"\"time_stamp\":{Now.AddHours(23).ToUnixTimeSeconds()}"));
        var options = new ParserOptions { Clock = new FixedClock(Now), MinEventTime = new DateTimeOffset(2020, 6, 5, 0, 0, 0, TimeSpan.Zero) };
        Reject(Event(), RejectionCodes.TimeOutOfRange, options);
    }

    [Fact]
    public void Parse_rejects_a_local_time_fallback_that_is_out_of_range()
    {
        var r = Reject(Event("-time_stamp", "\"local_time\":\"1970-01-01 07:00:00\""), RejectionCodes.TimeOutOfRange);
        Assert.Equal("local_time", r.Field);
    }

    [Theory]
    [InlineData("\"yesterday\"")]
    [InlineData("\"2020-13-04 17:21:32\"")]
    [InlineData("\"2020-02-30 17:21:32\"")]
    [InlineData("\"2020-06-04\"")]
    public void Parse_rejects_an_unreadable_local_time_as_invalid_value_when_it_is_needed(string localTime)
    {
        var r = Reject(Event("-time_stamp", $"\"local_time\":{localTime}"), RejectionCodes.InvalidValue);
        Assert.Equal("local_time", r.Field);
    }

    [Fact]
    public void Parse_rejects_a_non_numeric_time_stamp_string_as_invalid_value()
    {
        var r = Reject(Event("\"time_stamp\":\"soon\""), RejectionCodes.InvalidValue);
        Assert.Equal("time_stamp", r.Field);
    }

    // ---- id and collection ---------------------------------------------------------------------------------------

    [Theory]
    [InlineData("-id")]
    [InlineData("\"id\":null")]
    [InlineData("\"id\":\"\"")]
    public void Parse_rejects_missing_id_when_it_is_absent_null_or_empty(string member)
    {
        var r = Reject(Event(member), RejectionCodes.MissingId);
        Assert.Equal("id", r.Field);
    }

    [Theory]
    [InlineData("\"id\":\"abc def\"")]
    [InlineData("\"id\":\"tab\\there\"")]
    [InlineData("\"id\":\"ünïcode\"")]
    public void Parse_rejects_an_id_with_spaces_control_or_non_ascii_characters_as_invalid_id(string member)
    {
        Reject(Event(member), RejectionCodes.InvalidId);
    }

    [Fact]
    public void Parse_rejects_an_id_longer_than_128_characters_and_accepts_one_of_exactly_128()
    {
        Reject(Event($"\"id\":\"{new string('a', 129)}\""), RejectionCodes.InvalidId);
        Assert.Equal(128, Accept(Event($"\"id\":\"{new string('a', 128)}\"")).EventId.Length);
    }

    [Theory]
    [InlineData("\"id\":\"5ed8cb2bc671fc36b74653ad\"", "5ed8cb2bc671fc36b74653ad")]
    [InlineData("\"id\":123456", "123456")]
    [InlineData("\"id\":\"AEA4B823-C5C6-485E-8B3B-6182A7C4ECCE\"", "AEA4B823-C5C6-485E-8B3B-6182A7C4ECCE")]
    public void Parse_accepts_any_printable_id_not_only_uuids_and_keeps_it_verbatim(string member, string expected)
    {
        Assert.Equal(expected, Accept(Event(member)).EventId);
    }

    [Fact]
    public void Parse_rejects_an_id_of_the_wrong_type_naming_the_field()
    {
        var r = Reject(Event("\"id\":{\"uuid\":\"x\"}"), RejectionCodes.InvalidFieldType);
        Assert.Equal("id", r.Field);
        Assert.Contains("an object", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_reads_a_mongodb_oid_object_as_the_source_document_id()
    {
        Assert.Equal("5ed8cb2bc671fc36b74653ad", Accept(Event("\"_id\":{\"$oid\":\"5ed8cb2bc671fc36b74653ad\"}")).SourceDocId);
    }

    [Theory]
    [InlineData("-collection")]
    [InlineData("\"collection\":null")]
    [InlineData("\"collection\":\"\"")]
    public void Parse_rejects_missing_collection(string member)
    {
        Assert.Equal("collection", Reject(Event(member), RejectionCodes.MissingCollection).Field);
    }

    [Fact]
    public void Parse_keeps_an_unknown_collection_value()
    {
        Assert.Equal("view_gift_finder", Accept(Event("\"collection\":\"view_gift_finder\"")).Collection);
    }

    [Fact]
    public void Parse_returns_shared_string_instances_for_well_known_values_and_texts_seen_lately()
    {
        var parser = Parser();
        var a = Accept(parser, ViewProductDetail);
        var b = Accept(parser, ViewProductDetail);
        Assert.Same(a.Collection, Accept(ViewProductDetail).Collection);
        Assert.Same(a.ApiVersion, Accept(ViewProductDetail).ApiVersion);
        Assert.Same(a.StoreId, Accept(ViewProductDetail).StoreId);

        // Repeating texts come from the parser's tables of recent values (RecentStrings).
        Assert.NotNull(a.UserAgent);
        Assert.Same(a.UserAgent, b.UserAgent);
        Assert.Same(a.CurrentUrl, b.CurrentUrl);
        Assert.Same(a.DeviceId, b.DeviceId);
        Assert.Same(a.Ip, b.Ip);
        Assert.Same(a.LocalTime, b.LocalTime);
        Assert.Same(a.ProductId, b.ProductId);
        Assert.Same(a.Options[0].OptionId, b.Options[0].OptionId);
        Assert.Same(a.Options[0].ValueId, b.Options[0].ValueId);
        Assert.Equal(("332084", "3279318"), (a.Options[0].OptionId, a.Options[0].ValueId));

        // The event id is unique per event: no table keeps it.
        Assert.Equal(a.EventId, b.EventId);
        Assert.NotSame(a.EventId, b.EventId);
    }

    [Fact]
    public void Parse_shares_texts_of_few_values_beyond_the_well_known_list_and_ids_sent_as_numbers()
    {
        // The generated day's resolutions, option values and category ids are not in StringCache's list, and ids may
        // come as JSON numbers: each repeat still returns the first instance (RecentFieldTexts.Labels, UserIds, ProductIds).
        var parser = Parser();
        string[] members =
        [
            "\"resolution\":\"384x854\"", "\"user_id_db\":6768918", "\"cat_id\":\"9021\"", "\"collect_id\":\"77\"",
            "\"utm_source\":\"newsletter-12\"", "\"product_id\":400213", "\"recommendation_product_id\":\"400214\"",
            "\"viewing_product_id\":400215", "\"currency\":\"CZK\"",
            "\"option\":[{\"option_label\":\"alloy\",\"option_id\":\"1\",\"value_label\":\"white-375\",\"value_id\":\"2\"}]",
        ];
        var a = Accept(parser, Event(members));
        var b = Accept(parser, Event(members));
        Assert.Equal(("384x854", "6768918", "9021", "77", "newsletter-12"), (a.Resolution, a.UserIdDb, a.CatId, a.CollectId, a.UtmSource));
        Assert.Equal(("400213", "400214", "CZK", "white-375"), (a.ProductId, a.RecommendationProductId, a.Currency, a.Options[0].ValueLabel));
        foreach (var text in new Func<ShopEvent, string?>[]
                 {
                     e => e.Resolution, e => e.UserIdDb, e => e.CatId, e => e.CollectId, e => e.UtmSource, e => e.ProductId,
                     e => e.RecommendationProductId, e => e.Currency, e => e.Options[0].ValueLabel,
                 })
        {
            Assert.Same(text(a), text(b));
        }
    }

    [Fact]
    public void Parse_gives_each_event_its_own_text_when_a_repeating_field_changes()
    {
        var parser = Parser();
        var a = Accept(parser, Event("\"user_agent\":\"Agent/1\"", "\"current_url\":\"https://www.glamira.de/a.html\""));
        var b = Accept(parser, Event("\"user_agent\":\"Agent/2\"", "\"current_url\":\"https://www.glamira.de/b.html\""));
        var c = Accept(parser, Event("\"user_agent\":\"Agent/1\"", "\"current_url\":\"https://www.glamira.de/b.html\""));
        Assert.Equal(("Agent/1", "https://www.glamira.de/a.html"), (a.UserAgent, a.CurrentUrl));
        Assert.Equal(("Agent/2", "https://www.glamira.de/b.html"), (b.UserAgent, b.CurrentUrl));
        Assert.Equal(("Agent/1", "https://www.glamira.de/b.html"), (c.UserAgent, c.CurrentUrl));
        Assert.Same(a.UserAgent, c.UserAgent);
        Assert.Same(b.CurrentUrl, c.CurrentUrl);
    }

    // ---- aliases and fallbacks ------------------------------------------------------------------------------------

    [Fact]
    public void Parse_uses_email_as_an_alias_and_keeps_the_unused_alias_in_extra_json()
    {
        Assert.Equal("a@example.com", Accept(Event("\"email\":\"a@example.com\"")).EmailAddress);
        Assert.Equal("a@example.com", Accept(Event("\"email_address\":\"\"", "\"email\":\"a@example.com\"")).EmailAddress);
        var both = Accept(Event("\"email\":\"old@example.com\"", "\"email_address\":\"a@example.com\""));
        Assert.Equal("a@example.com", both.EmailAddress);
        Assert.Equal("{\"email\":\"old@example.com\"}", both.ExtraJson);
    }

    [Fact]
    public void Parse_falls_back_to_viewing_product_id_and_keeps_it_when_product_id_wins()
    {
        Assert.Equal("98765", Accept(Event("\"viewing_product_id\":\"98765\"")).ProductId);
        Assert.Equal("98765", Accept(Event("\"product_id\":\"\"", "\"viewing_product_id\":98765")).ProductId);
        var both = Accept(Event("\"product_id\":110474", "\"viewing_product_id\":\"98765\""));
        Assert.Equal("110474", both.ProductId);
        Assert.Equal("{\"viewing_product_id\":\"98765\"}", both.ExtraJson);
    }

    // ---- option -------------------------------------------------------------------------------------------------

    [Fact]
    public void Parse_normalizes_a_single_option_object_map_to_one_option_per_key()
    {
        var e = Accept(Event("\"option\":{\"alloy\":\"gold\",\"stone\":\"ruby\",\"size\":7,\"engraved\":true,\"extra\":{\"a\":[1]}}"));
        Assert.Equal(5, e.Options.Count);
        Assert.Equal(new EventOption("alloy", null, "gold", null), e.Options[0]);
        Assert.Equal(new EventOption("stone", null, "ruby", null), e.Options[1]);
        Assert.Equal(new EventOption("size", null, "7", null), e.Options[2]);
        Assert.Equal(new EventOption("engraved", null, "true", null), e.Options[3]);
        Assert.Equal(new EventOption("extra", null, null, null, "{\"extra\":{\"a\":[1]}}"), e.Options[4]);
    }

    [Fact]
    public void Parse_reads_a_single_option_object_with_known_keys_as_one_option_keeping_extra_keys()
    {
        var e = Accept(Event("\"option\":{\"option_label\":\"diamond\",\"option_id\":332085,\"value_label\":\"Sapphire\",\"value_id\":\"3279\",\"price\":\"12.00\"}"));
        var option = Assert.Single(e.Options);
        Assert.Equal(new EventOption("diamond", "332085", "Sapphire", "3279", "{\"price\":\"12.00\"}"), option);
    }

    [Theory]
    [InlineData("\"option\":\"\"")]
    [InlineData("\"option\":null")]
    [InlineData("\"option\":[]")]
    [InlineData("\"option\":{}")]
    [InlineData("\"option\":false")]
    [InlineData("\"cart_products\":\"\"")]
    public void Parse_reads_empty_option_shapes_as_no_options(string member)
    {
        var e = Accept(Event(member));
        Assert.Empty(e.Options);
        Assert.Empty(e.CartProducts);
    }

    [Fact]
    public void Parse_rejects_an_option_of_the_wrong_type_with_its_path()
    {
        Assert.Equal("option", Reject(Event("\"option\":true"), RejectionCodes.InvalidFieldType).Field);
        var r = Reject(Event("\"option\":[{\"option_label\":\"alloy\"},{\"option_id\":[1]}]"), RejectionCodes.InvalidFieldType);
        Assert.Equal("option[1].option_id", r.Field);
        Assert.StartsWith("option[1].option_id is an array", r.Message, StringComparison.Ordinal);
    }

    // ---- utm, booleans ------------------------------------------------------------------------------------------

    [Theory]
    [InlineData("false", null)]
    [InlineData("null", null)]
    [InlineData("\"\"", null)]
    [InlineData("\"facebook\"", "facebook")]
    [InlineData("42", "42")]
    public void Parse_reads_utm_fields_as_string_or_null(string json, string? expected)
    {
        var e = Accept(Event($"\"utm_source\":{json}", $"\"utm_medium\":{json}"));
        Assert.Equal(expected, e.UtmSource);
        Assert.Equal(expected, e.UtmMedium);
    }

    [Theory]
    [InlineData("true", true, null)]
    [InlineData("false", false, null)]
    [InlineData("\"true\"", true, null)]
    [InlineData("\"false\"", false, null)]
    [InlineData("null", null, null)]
    [InlineData("\"\"", null, null)]
    [InlineData("\"TRUE\"", true, "TRUE")]
    [InlineData("\"false; NEXTSMARTY_DEVICE_ID=abc\"", false, "false; NEXTSMARTY_DEVICE_ID=abc")]
    [InlineData("\"maybe\"", null, "maybe")]
    [InlineData("1", true, "1")]
    public void Parse_reads_show_recommendation_as_a_boolean_keeping_dirty_values_raw(string json, bool? expected, string? raw)
    {
        var e = Accept(Event($"\"show_recommendation\":{json}"));
        Assert.Equal(expected, e.ShowRecommendation);
        Assert.Equal(raw, e.ShowRecommendationRaw);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("\"false\"", false)]
    [InlineData("\"1\"", true)]
    [InlineData("0", false)]
    [InlineData("null", null)]
    public void Parse_reads_recommendation_and_is_paypal_as_booleans(string json, bool? expected)
    {
        var e = Accept(Event($"\"recommendation\":{json}", $"\"is_paypal\":{json}"));
        Assert.Equal(expected, e.Recommendation);
        Assert.Equal(expected, e.IsPaypal);
    }

    [Fact]
    public void Parse_rejects_a_boolean_that_is_neither_true_nor_false_as_invalid_value()
    {
        Assert.Equal("recommendation", Reject(Event("\"recommendation\":\"yes please\""), RejectionCodes.InvalidValue).Field);
        Assert.Equal("is_paypal", Reject(Event("\"is_paypal\":[]"), RejectionCodes.InvalidFieldType).Field);
    }

    // ---- price, order, positions ---------------------------------------------------------------------------------

    [Theory]
    [InlineData("\"316.00\"", "316.00")]
    [InlineData("\"915,00\"", "915.00")]
    [InlineData("\"22 688,00\"", "22688.00")]
    [InlineData("\"22\u00a0688,00\"", "22688.00")]
    [InlineData("\"1.234,56\"", "1234.56")]
    [InlineData("\"1,234.56\"", "1234.56")]
    [InlineData("\"1'234.50\"", "1234.50")]
    [InlineData("\"1.234.567\"", "1234567")]
    [InlineData("\"1,234\"", "1234")]
    [InlineData("\"0,500\"", "0.500")]
    [InlineData("\"99\"", "99")]
    [InlineData("99.5", "99.5")]
    [InlineData("\"-12,5\"", "-12.5")]
    public void Parse_reads_locale_formatted_prices_as_decimals_and_keeps_the_raw_text(string json, string expected)
    {
        var e = Accept(Event($"\"price\":{json}", "\"currency\":\"kr\""));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), e.Price);
        Assert.Equal(json.Trim('"'), e.PriceRaw);
        Assert.Equal("kr", e.Currency);
    }

    [Theory]
    [InlineData("\"abc\"")]
    [InlineData("\"1.2.3\"")]
    [InlineData("\"12 34\"")]
    [InlineData("\"1,2,3\"")]
    [InlineData("1e999")]
    public void Parse_rejects_an_unreadable_price_as_invalid_value(string json)
    {
        Assert.Equal("price", Reject(Event($"\"price\":{json}"), RejectionCodes.InvalidValue).Field);
    }

    [Theory]
    [InlineData("123456", "123456")]
    [InlineData("\"000123\"", "000123")]
    [InlineData("\"\"", null)]
    [InlineData("null", null)]
    public void Parse_reads_order_id_from_a_number_or_string(string json, string? expected)
    {
        Assert.Equal(expected, Accept(Event($"\"order_id\":{json}")).OrderId);
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("\"3\"", 3)]
    [InlineData("\"\"", null)]
    [InlineData("4.0", 4)]
    public void Parse_reads_recommendation_positions_from_numbers_digit_strings_or_empty(string json, int? expected)
    {
        var e = Accept(Event($"\"recommendation_product_position\":{json}", $"\"recommendation_clicked_position\":{json}", "\"recommendation_product_id\":110474"));
        Assert.Equal(expected, e.RecommendationProductPosition);
        Assert.Equal(expected, e.RecommendationClickedPosition);
        Assert.Equal("110474", e.RecommendationProductId);
    }

    [Fact]
    public void Parse_rejects_a_position_that_is_not_a_whole_number_as_invalid_value()
    {
        Assert.Equal("recommendation_clicked_position", Reject(Event("\"recommendation_clicked_position\":\"first\""), RejectionCodes.InvalidValue).Field);
        Assert.Equal("recommendation_product_position", Reject(Event("\"recommendation_product_position\":2.5"), RejectionCodes.InvalidValue).Field);
    }

    [Fact]
    public void Parse_reads_key_search_cat_id_and_collect_id()
    {
        var e = Accept(Event("\"key_search\":\"bague or rose\"", "\"cat_id\":17", "\"collect_id\":\"95\""));
        Assert.Equal("bague or rose", e.KeySearch);
        Assert.Equal("17", e.CatId);
        Assert.Equal("95", e.CollectId);
    }

    // ---- cart_products ------------------------------------------------------------------------------------------

    [Fact]
    public void Parse_keeps_unknown_cart_product_keys_and_reads_a_single_cart_object()
    {
        var e = Accept(Event("\"cart_products\":{\"product_id\":\"1\",\"amount\":\"2\",\"price\":\"3.50\",\"sku\":\"ABC\"}"));
        var product = Assert.Single(e.CartProducts);
        Assert.Equal(new CartProduct("1", 2m, 3.50m, "3.50", null, [], "{\"sku\":\"ABC\"}").ToString(), product.ToString());
    }

    [Fact]
    public void Parse_rejects_cart_products_with_a_bad_element_or_price_naming_the_path()
    {
        Assert.Equal("cart_products[1]", Reject(Event("\"cart_products\":[{\"product_id\":1},\"x\"]"), RejectionCodes.InvalidFieldType).Field);
        Assert.Equal("cart_products[0].price", Reject(Event("\"cart_products\":[{\"price\":\"cheap\"}]"), RejectionCodes.InvalidValue).Field);
        Assert.Equal("cart_products[0].option[0]", Reject(Event("\"cart_products\":[{\"option\":[[1]]}]"), RejectionCodes.InvalidFieldType).Field);
        Assert.Equal("cart_products", Reject(Event("\"cart_products\":42"), RejectionCodes.InvalidFieldType).Field);
    }

    // ---- unknown fields ----------------------------------------------------------------------------------------

    [Fact]
    public void Parse_preserves_every_unknown_field_verbatim_in_extra_json()
    {
        var e = Accept(Event("\"ab_test\":\"B\"", "\"geo\":{\"lat\":1.5,\"tags\":[\"x\",null,{\"deep\":true}]}", "\"n\":1e3", "\"u\":\"caf\\u00e9\""));
        using var doc = JsonDocument.Parse(e.ExtraJson!);
        Assert.Equal("B", doc.RootElement.GetProperty("ab_test").GetString());
        Assert.True(doc.RootElement.GetProperty("geo").GetProperty("tags")[2].GetProperty("deep").GetBoolean());
        Assert.Equal("1e3", doc.RootElement.GetProperty("n").GetRawText());
        Assert.Equal("café", doc.RootElement.GetProperty("u").GetString());
        Assert.Equal(4, doc.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Parse_keeps_duplicate_unknown_keys_and_rejects_duplicate_known_fields()
    {
        var e = Accept(Event("\"x\":1", "\"y\":2").Replace("\"y\"", "\"x\"", StringComparison.Ordinal));
        Assert.Equal("{\"x\":1,\"x\":2}", e.ExtraJson);
        var r = Reject(Event("\"ip\":\"1.1.1.1\"").Replace("}", ",\"ip\":\"2.2.2.2\"}", StringComparison.Ordinal), RejectionCodes.DuplicateField);
        Assert.Equal("ip", r.Field);
    }

    [Fact]
    public void Parse_recognizes_an_escaped_field_name()
    {
        Assert.Equal("1.2.3.4", Accept(Event("\"\\u0069p\":\"1.2.3.4\"")).Ip);
    }

    // ---- bytes, syntax, shape -----------------------------------------------------------------------------------

    [Fact]
    public void Parse_rejects_invalid_utf8_and_keeps_the_exact_raw_bytes()
    {
        var bytes = Encoding.UTF8.GetBytes(Event("\"key_search\":\"XX\""));
        var at = Array.IndexOf(bytes, (byte)'X');
        bytes[at] = 0xC3;
        bytes[at + 1] = 0x28;
        var r = Parser().Parse(bytes, Position).Rejection!;
        Assert.Equal(RejectionCodes.InvalidUtf8, r.Code);
        Assert.Contains($"offset {at}", r.Message, StringComparison.Ordinal);
        Assert.Equal(bytes, r.Raw.ToArray());
    }

    [Theory]
    [InlineData("{\"id\":\"e1\",")]
    [InlineData("{\"id\":\"e1\"} trailing")]
    [InlineData("{'id':'e1'}")]
    [InlineData("{\"id\":\"e1\",}")]
    [InlineData("{\"id\":\"a\u0000b\"}")]
    [InlineData("{\"id\":\"tab\tinside\"}")]
    [InlineData("{\"id\":\"e1\"}\u0000")]
    [InlineData("{\"n\":01}")]
    [InlineData("{\"n\":NaN}")]
    [InlineData("{\"id\":\"e1\" /* comment */}")]
    public void Parse_rejects_malformed_json_including_raw_control_characters_and_nul_bytes(string json)
    {
        var r = Reject(json, RejectionCodes.InvalidJson);
        Assert.StartsWith("not valid JSON", r.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_prefers_invalid_json_over_an_earlier_field_fault()
    {
        Reject("{\"id\":{},\"time_stamp\":", RejectionCodes.InvalidJson);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("[{\"id\":\"e1\"}]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Parse_rejects_json_that_is_not_an_object(string json)
    {
        Reject(json, RejectionCodes.NotAnObject);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t ")]
    [InlineData("\r\n")]
    public void Parse_rejects_an_empty_message(string json)
    {
        Reject(json, RejectionCodes.EmptyMessage);
    }

    [Fact]
    public void Parse_rejects_a_message_over_the_size_limit_keeping_a_bounded_prefix()
    {
        var options = new ParserOptions { Clock = new FixedClock(Now), MaxMessageBytes = 1000, TooLargeRawPrefixBytes = 100 };
        var json = Event($"\"key_search\":\"{new string('a', 2000)}\"");
        var r = Reject(json, RejectionCodes.TooLarge, options);
        Assert.Equal(100, r.Raw.Length);
        Assert.True(r.RawTruncated);
        Assert.Equal(Encoding.UTF8.GetBytes(json)[..100], r.Raw.ToArray());
        Assert.StartsWith(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"the message is {json.Length:N0} bytes, over the 1,000-byte limit"), r.Message, StringComparison.Ordinal);
        Accept(Event("\"key_search\":\"short\""), options);
    }

    [Fact]
    public void Parse_rejects_nesting_deeper_than_max_depth_as_too_deep_and_accepts_it_at_the_limit()
    {
        string Nested(int levels) => Event("\"deep\":" + new string('[', levels) + new string(']', levels));

        // The top-level object is depth 0, so "deep" can nest MaxDepth - 1 arrays.
        Accept(Nested(ParserOptions.DefaultMaxDepth - 1));
        Reject(Nested(ParserOptions.DefaultMaxDepth), RejectionCodes.TooDeep);
        Reject(Nested(5000), RejectionCodes.TooDeep);
        Reject(Event("\"option\":[{\"x\":" + new string('[', 200) + new string(']', 200) + "}]"), RejectionCodes.TooDeep);
    }

    [Fact]
    public void Parse_rejects_invalid_field_types_naming_the_field()
    {
        Assert.Equal("ip", Reject(Event("\"ip\":{\"v4\":\"1.1.1.1\"}"), RejectionCodes.InvalidFieldType).Field);
        Assert.Equal("user_agent", Reject(Event("\"user_agent\":123"), RejectionCodes.InvalidFieldType).Field);
        Assert.Equal("collection", Reject(Event("\"collection\":false"), RejectionCodes.InvalidFieldType).Field);
        Assert.Equal("time_stamp", Reject(Event("\"time_stamp\":[1591266092]"), RejectionCodes.InvalidFieldType).Field);
        Assert.Equal("price", Reject(Event("\"price\":true"), RejectionCodes.InvalidFieldType).Field);
    }

    [Fact]
    public void Parse_rejects_an_escaped_nul_in_a_modelled_string_and_in_unknown_fields()
    {
        Assert.Equal("user_agent", Reject(Event("\"user_agent\":\"Mozilla\\u0000\""), RejectionCodes.ContainsNul).Field);
        Assert.Equal("{\"note\":\"a\\\\u0000b\"}", Accept(Event("\"note\":\"a\\\\u0000b\"")).ExtraJson);
    }

    // Issue 12: a verbatim unknown field holding \u0000, a lone surrogate escape or a number beyond numeric's range
    // was accepted, then PostgreSQL's jsonb refused it (22P05, 22003) and the batch's transaction failed: facet run
    // exited 1 and failed again on the same batch at every restart.
    [Theory]
    [InlineData("\"note\":\"a\\u0000b\"", RejectionCodes.ContainsNul)]
    [InlineData("\"no\\u0000te\":1", RejectionCodes.ContainsNul)]
    [InlineData("\"note\":{\"deep\":[\"\\u0000\"]}", RejectionCodes.ContainsNul)]
    [InlineData("\"note\":\"\\ud800\"", RejectionCodes.InvalidValue)]
    [InlineData("\"note\":\"\\udc00x\"", RejectionCodes.InvalidValue)]
    [InlineData("\"note\":1e999999", RejectionCodes.InvalidValue)]
    [InlineData("\"note\":-2.5E-20000", RejectionCodes.InvalidValue)]
    [InlineData("\"option\":[{\"option_label\":\"alloy\",\"x\":\"\\u0000\"}]", RejectionCodes.ContainsNul)]
    [InlineData("\"cart_products\":[{\"product_id\":1,\"x\":1e200000}]", RejectionCodes.InvalidValue)]
    public void Unknown_field_that_jsonb_cannot_store_no_longer_fails_the_warehouse_batch(string member, string code)
    {
        Reject(Event(member), code);
    }

    [Theory]
    [InlineData("\"note\":\"\\ud83d\\udc8d ring\"")]
    [InlineData("\"note\":1e999")]
    [InlineData("\"note\":0e99999999")]
    [InlineData("\"note\":\"1e999999\"")]
    [InlineData("\"note\":\"\\\\u0000\"")]
    public void Unknown_field_that_jsonb_can_store_is_kept_verbatim(string member)
    {
        Assert.Equal("{" + member + "}", Accept(Event(member)).ExtraJson);
    }

    [Fact]
    public void Parse_accepts_escaped_control_characters_and_a_byte_order_mark()
    {
        Assert.Equal("line1\nline2\t\u0001", Accept(Event("\"user_agent\":\"line1\\nline2\\t\\u0001\"")).UserAgent);
        var withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes(ViewProductDetail)).ToArray();
        Assert.True(Parser().Parse(withBom, Position).IsAccepted);
    }

    [Fact]
    public void Parse_rejects_a_lone_surrogate_escape_as_invalid_value()
    {
        Assert.Equal("user_agent", Reject(Event("\"user_agent\":\"bad \\ud800 here\""), RejectionCodes.InvalidValue).Field);
    }

    // ---- ownership, position, options, threads ------------------------------------------------------------------

    [Fact]
    public void Parse_copies_the_raw_bytes_of_a_rejection_so_the_caller_can_reuse_its_buffer()
    {
        var buffer = Encoding.UTF8.GetBytes(Event("-id"));
        var expected = buffer.ToArray();
        var r = Parser().Parse(buffer, Position).Rejection!;
        Array.Fill(buffer, (byte)'x');
        Assert.Equal(expected, r.Raw.ToArray());
        Assert.Equal(Position, r.Position);
        Assert.False(r.RawTruncated);
    }

    [Fact]
    public void Parser_options_out_of_range_throw_at_construction_naming_the_setting()
    {
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => new EventParser(new ParserOptions { MaxMessageBytes = 0 }));
        Assert.Equal("MaxMessageBytes", ex.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventParser(new ParserOptions { LocalTimeOffset = TimeSpan.FromHours(20) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new EventParser(new ParserOptions { MaxDepth = 2 }));
    }

    [Fact]
    public void One_parser_gives_the_same_results_from_many_threads()
    {
        var parser = Parser();
        var lines = new[] { ViewProductDetail, Checkout, Event("-id"), "[]", Event("\"extra\":{\"k\":[1,2]}") }
            .Select(Encoding.UTF8.GetBytes).ToArray();
        var expected = lines.Select(l => parser.Parse(l, Position).ToString()).ToArray();
        var mismatches = 0;
        Parallel.For(0, 4000, i =>
        {
            if (parser.Parse(lines[i % lines.Length], Position).ToString() != expected[i % lines.Length])
            {
                Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
    }
}
