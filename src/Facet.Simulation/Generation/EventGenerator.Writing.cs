using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace Facet.Simulation.Generation;

public sealed partial class EventGenerator
{
    private static readonly JsonEncodedText PId = JsonEncodedText.Encode("_id");
    private static readonly JsonEncodedText PTimeStamp = JsonEncodedText.Encode("time_stamp");
    private static readonly JsonEncodedText PIp = JsonEncodedText.Encode("ip");
    private static readonly JsonEncodedText PUserAgent = JsonEncodedText.Encode("user_agent");
    private static readonly JsonEncodedText PResolution = JsonEncodedText.Encode("resolution");
    private static readonly JsonEncodedText PUserIdDb = JsonEncodedText.Encode("user_id_db");
    private static readonly JsonEncodedText PDeviceId = JsonEncodedText.Encode("device_id");
    private static readonly JsonEncodedText PApiVersion = JsonEncodedText.Encode("api_version");
    private static readonly JsonEncodedText PStoreId = JsonEncodedText.Encode("store_id");
    private static readonly JsonEncodedText PLocalTime = JsonEncodedText.Encode("local_time");
    private static readonly JsonEncodedText PShowRecommendation = JsonEncodedText.Encode("show_recommendation");
    private static readonly JsonEncodedText PCurrentUrl = JsonEncodedText.Encode("current_url");
    private static readonly JsonEncodedText PReferrerUrl = JsonEncodedText.Encode("referrer_url");
    private static readonly JsonEncodedText PEmailAddress = JsonEncodedText.Encode("email_address");
    private static readonly JsonEncodedText PEmail = JsonEncodedText.Encode("email");
    private static readonly JsonEncodedText PRecommendation = JsonEncodedText.Encode("recommendation");
    private static readonly JsonEncodedText PUtmSource = JsonEncodedText.Encode("utm_source");
    private static readonly JsonEncodedText PUtmMedium = JsonEncodedText.Encode("utm_medium");
    private static readonly JsonEncodedText PCollection = JsonEncodedText.Encode("collection");
    private static readonly JsonEncodedText PProductId = JsonEncodedText.Encode("product_id");
    private static readonly JsonEncodedText PViewingProductId = JsonEncodedText.Encode("viewing_product_id");
    private static readonly JsonEncodedText POption = JsonEncodedText.Encode("option");
    private static readonly JsonEncodedText POptionLabel = JsonEncodedText.Encode("option_label");
    private static readonly JsonEncodedText POptionId = JsonEncodedText.Encode("option_id");
    private static readonly JsonEncodedText PValueLabel = JsonEncodedText.Encode("value_label");
    private static readonly JsonEncodedText PValueId = JsonEncodedText.Encode("value_id");
    private static readonly JsonEncodedText PRecommendationProductId = JsonEncodedText.Encode("recommendation_product_id");
    private static readonly JsonEncodedText PRecommendationProductPosition = JsonEncodedText.Encode("recommendation_product_position");
    private static readonly JsonEncodedText PRecommendationClickedPosition = JsonEncodedText.Encode("recommendation_clicked_position");
    private static readonly JsonEncodedText PPrice = JsonEncodedText.Encode("price");
    private static readonly JsonEncodedText PCurrency = JsonEncodedText.Encode("currency");
    private static readonly JsonEncodedText POrderId = JsonEncodedText.Encode("order_id");
    private static readonly JsonEncodedText PCartProducts = JsonEncodedText.Encode("cart_products");
    private static readonly JsonEncodedText PAmount = JsonEncodedText.Encode("amount");
    private static readonly JsonEncodedText PIsPaypal = JsonEncodedText.Encode("is_paypal");
    private static readonly JsonEncodedText PCatId = JsonEncodedText.Encode("cat_id");
    private static readonly JsonEncodedText PCollectId = JsonEncodedText.Encode("collect_id");
    private static readonly JsonEncodedText PKeySearch = JsonEncodedText.Encode("key_search");
    private static readonly JsonEncodedText PIdentity = JsonEncodedText.Encode("id");

    private static readonly string[] Alloys = ["white-375", "white-585", "white-750", "yellow-375", "yellow-585", "yellow-750", "red-585", "platinum", "silber-925", "palladium"];
    private static readonly string[] Stones = ["diamond-Brillant", "diamond-Brillant-AAA", "sapphire", "ruby", "emerald", "swarovskicrystal", "zirconia", "amethyst", "topaz-blue", "pearl"];
    private static readonly string[] Qualities = ["AAAA", "AAA", "AA", "A"];
    private readonly byte[] _id = new byte[36];

    private enum Fault
    {
        None,
        OmitId,
        OmitTime,
        AncientTime,
        WrongType,
    }

    /// <summary>Writes one event into <see cref="_buffer"/> and returns its length.</summary>
    private int WriteEvent(bool isBot, long timestamp, Fault fault, out int collection, out Session session, out int product, out ReadOnlySpan<byte> id)
    {
        session = NextSession(isBot);
        session.Events++;
        session.Remaining--;
        collection = (isBot ? _crawlerCollections : _shopperCollections).Next(_random);
        product = -1;
        if (Collections.CarriesProductId(collection) || Collections.CarriesViewingProductId(collection))
        {
            var fresh = session.Product < 0 || (collection == Collections.ViewProductDetail && _random.Chance(0.65));
            product = fresh ? _products.NextPopular(_random) : session.Product;
            session.Product = product;
        }

        var store = _stores[session.Store];
        var urlLength = BuildUrl(collection, session, product, store);
        int referrerLength;
        if (Collections.IsPage(collection))
        {
            if (session.Events == 1)
            {
                referrerLength = Copy(session.ExternalReferrer, _referrer);
            }
            else
            {
                referrerLength = Copy(session.PageUrl.AsSpan(0, session.PageUrlLength), _referrer);
            }

            session.SetPage(_url.AsSpan(0, urlLength), _referrer.AsSpan(0, referrerLength));
        }
        else
        {
            referrerLength = Copy(session.PageReferrer.AsSpan(0, session.PageReferrerLength), _referrer);
        }

        NewUuid(_id);
        id = _id;

        _buffer.ResetWrittenCount();
        _json.Reset(_buffer);
        var w = _json;
        w.WriteStartObject();
        WriteObjectId(w, timestamp);
        if (fault is Fault.AncientTime)
        {
            // 1990s: before the parser's lower bound (2000-01-01) whatever the clock says.
            timestamp = 631_152_000 + _random.Next(0, 280_000_000);
        }

        if (fault is not Fault.OmitTime)
        {
            WriteTimeStamp(w, timestamp, fault);
        }

        w.WriteString(PIp, session.Ip);
        w.WriteString(PUserAgent, session.UserAgent);
        w.WriteString(PResolution, session.Resolution);
        w.WriteString(PUserIdDb, session.UserIdDb);
        w.WriteString(PDeviceId, session.DeviceId);
        w.WriteString(PApiVersion, "1.0"u8);
        w.WriteString(PStoreId, _storeIds[session.Store]);
        if (fault is not Fault.OmitTime)
        {
            WriteLocalTime(w, timestamp);
        }

        WriteShowRecommendation(w, collection, session);
        w.WriteString(PCurrentUrl, _url.AsSpan(0, urlLength));
        w.WriteString(PReferrerUrl, _referrer.AsSpan(0, referrerLength));
        w.WriteString(session.EmailAlias ? PEmail : PEmailAddress, session.Email);
        w.WriteBoolean(PRecommendation, Collections.IsRecommendationClick(collection));
        if (session.Utm >= 0 && session.Events == 1)
        {
            w.WriteString(PUtmSource, Utms[session.Utm].Source);
            w.WriteString(PUtmMedium, Utms[session.Utm].Medium);
        }
        else
        {
            w.WriteBoolean(PUtmSource, false);
            w.WriteBoolean(PUtmMedium, false);
        }

        w.WriteString(PCollection, Collections.Names[collection]);
        WriteCollectionFields(w, collection, session, product, store);
        if (fault is not Fault.OmitId)
        {
            w.WriteString(PIdentity, _id);
        }

        w.WriteEndObject();
        w.Flush();
        return _buffer.WrittenCount;
    }

    private void WriteTimeStamp(Utf8JsonWriter w, long timestamp, Fault fault)
    {
        if (fault is Fault.WrongType)
        {
            // A type no reading of time_stamp can accept.
            w.WriteStartObject(PTimeStamp);
            w.WriteNumber("$numberLong"u8, timestamp);
            w.WriteEndObject();
            return;
        }

        var roll = _random.NextDouble();
        if (roll < 0.002 && fault is Fault.None)
        {
            // Missing time_stamp: the parser falls back to local_time at UTC+7, which names the same second.
            return;
        }

        if (roll < 0.017)
        {
            Span<byte> digits = stackalloc byte[20];
            Utf8Formatter.TryFormat(timestamp, digits, out var n);
            w.WriteString(PTimeStamp, digits[..n]);
        }
        else if (roll < 0.020)
        {
            w.WriteNumber(PTimeStamp, timestamp * 1_000 + _random.Next(1_000));
        }
        else
        {
            w.WriteNumber(PTimeStamp, timestamp);
        }
    }

    private void WriteLocalTime(Utf8JsonWriter w, long timestamp)
    {
        Span<byte> text = stackalloc byte[32];
        // local_time is time_stamp rendered at UTC+7, as in the live stream.
        var local = DateTime.UnixEpoch.AddSeconds(timestamp + 7 * 3_600);
        local.TryFormat(text, out var n, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
        w.WriteString(PLocalTime, text[..n]);
    }

    private void WriteObjectId(Utf8JsonWriter w, long timestamp)
    {
        Span<byte> hex = stackalloc byte[24];
        var seconds = (uint)Math.Clamp(timestamp, 0, uint.MaxValue);
        WriteHex(hex[..8], seconds, 8);
        WriteHex(hex[8..], _random.NextUInt64(), 16);
        w.WriteString(PId, hex);
    }

    private void WriteShowRecommendation(Utf8JsonWriter w, int collection, Session session)
    {
        var value = Collections.IsRecommendation(collection) || _random.Chance(0.3);
        var roll = _random.NextDouble();
        switch (roll)
        {
            case < 0.85:
                w.WriteString(PShowRecommendation, value ? "true"u8 : "false"u8);
                break;
            case < 0.95:
                w.WriteBoolean(PShowRecommendation, value);
                break;
            case < 0.98:
                w.WriteNull(PShowRecommendation);
                break;
            default:
                // A tracking cookie leaked into the value, as seen in the real stream.
                Span<byte> dirty = stackalloc byte[80];
                var prefix = value ? "true; NEXTSMARTY_DEVICE_ID="u8 : "false; NEXTSMARTY_DEVICE_ID="u8;
                prefix.CopyTo(dirty);
                session.DeviceId.CopyTo(dirty[prefix.Length..]);
                w.WriteString(PShowRecommendation, dirty[..(prefix.Length + session.DeviceId.Length)]);
                break;
        }
    }

    private void WriteCollectionFields(Utf8JsonWriter w, int collection, Session session, int product, GeneratorStore store)
    {
        if (product >= 0)
        {
            w.WriteString(Collections.CarriesViewingProductId(collection) ? PViewingProductId : PProductId, _products[product].IdUtf8);
        }

        switch (collection)
        {
            case Collections.ViewProductDetail:
                WriteOption(w, product, detail: true);
                break;
            case Collections.SelectProductOption:
            case Collections.BackToProductAction:
                WriteOptionArray(w, product, _random.Next(1, 3), quality: false);
                break;
            case Collections.SelectProductOptionQuality:
                WriteOptionArray(w, product, 1, quality: true);
                break;
            case Collections.AddToCartAction:
                WriteOptionArray(w, product, _random.Next(1, 3), quality: false);
                WritePrice(w, PPrice, product, store);
                w.WriteString(PCurrency, store.Currency);
                break;
            case Collections.ViewShoppingCart:
            case Collections.Checkout:
                WriteCart(w, session, store);
                if (collection == Collections.Checkout)
                {
                    w.WriteString(POrderId, ""u8);
                }

                break;
            case Collections.CheckoutSuccess:
                WriteOrderId(w);
                WriteCart(w, session, store);
                w.WriteBoolean(PIsPaypal, _random.Chance(0.25));
                break;
            case Collections.ViewListingPage:
            case Collections.ViewSortingRelevance:
            case Collections.SortingRelevanceClickAction:
                WriteDigits(w, PCatId, CatId(session));
                break;
            case Collections.ViewLandingPage:
                WriteDigits(w, PCollectId, _random.Next(1, 60));
                break;
            case Collections.SearchBoxAction:
                w.WriteString(PKeySearch, SearchTerm(store));
                break;
            case Collections.ProductViewAllRecommendClicked:
                WriteRecommendation(w, collection);
                break;
            default:
                if (Collections.IsRecommendation(collection))
                {
                    if (collection is >= Collections.ListingPageRecommendationVisible and <= Collections.ListingPageRecommendationClicked)
                    {
                        WriteDigits(w, PCatId, CatId(session));
                    }
                    else if (collection is >= Collections.LandingPageRecommendationVisible and <= Collections.LandingPageRecommendationClicked)
                    {
                        WriteDigits(w, PCollectId, _random.Next(1, 60));
                    }

                    WriteRecommendation(w, collection);
                }

                break;
        }
    }

    private void WriteRecommendation(Utf8JsonWriter w, int collection)
    {
        w.WriteString(PRecommendationProductId, _products[_products.NextPopular(_random)].IdUtf8);
        var position = _random.Next(1, 13);
        if (_random.Chance(0.2))
        {
            w.WriteString(PRecommendationProductPosition, ""u8);
        }
        else
        {
            w.WriteNumber(PRecommendationProductPosition, position);
        }

        if (Collections.IsRecommendationClick(collection))
        {
            w.WriteNumber(PRecommendationClickedPosition, position);
        }
    }

    private void WriteOption(Utf8JsonWriter w, int product, bool detail)
    {
        var roll = _random.NextDouble();
        if (roll < 0.70 || !detail)
        {
            WriteOptionArray(w, product, 2, quality: false, empty: true);
        }
        else if (roll < 0.90)
        {
            w.WriteString(POption, ""u8);
        }
        else if (roll < 0.95)
        {
            // The single-object form: {"alloy":"gold"}.
            w.WriteStartObject(POption);
            w.WriteString("alloy"u8, _random.Pick(Alloys));
            if (_random.Chance(0.5))
            {
                w.WriteString("diamond"u8, _random.Pick(Stones));
            }

            w.WriteEndObject();
        }

        // else: no option field at all.
    }

    private void WriteOptionArray(Utf8JsonWriter w, int product, int count, bool quality, bool empty = false)
    {
        var sku = product >= 0 ? _products[product].Sku : 1_000;
        w.WriteStartArray(POption);
        for (var i = 0; i < count; i++)
        {
            w.WriteStartObject();
            if (quality)
            {
                var q = _random.Pick(Qualities);
                w.WriteString(POptionLabel, "quality"u8);
                WriteDigits(w, POptionId, 300_000 + sku);
                w.WriteString(PValueLabel, q);
                WriteDigits(w, PValueId, 3_000_000 + (sku * 7) + i);
                // An extra key the parser must keep.
                w.WriteString("quality_label"u8, q);
            }
            else
            {
                var alloy = i == 0;
                w.WriteString(POptionLabel, alloy ? "alloy"u8 : "diamond"u8);
                var filled = alloy || !empty;
                WriteDigits(w, POptionId, filled ? 330_000 + sku + i : -1);
                w.WriteString(PValueLabel, empty ? "" : _random.Pick(alloy ? Alloys : Stones));
                WriteDigits(w, PValueId, filled ? 3_270_000 + (sku * 3) + _random.Next(10) : -1);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteCart(Utf8JsonWriter w, Session session, GeneratorStore store)
    {
        w.WriteStartArray(PCartProducts);
        var items = _random.Next(1, 4);
        for (var i = 0; i < items; i++)
        {
            var product = i == 0 && session.Product >= 0 ? session.Product : _products.NextPopular(_random);
            w.WriteStartObject();
            w.WriteNumber(PProductId, _products[product].Number);
            w.WriteNumber(PAmount, _random.Chance(0.9) ? 1 : 2);
            WritePrice(w, PPrice, product, store);
            w.WriteString(PCurrency, store.Currency);
            if (_random.Chance(0.3))
            {
                w.WriteString(POption, ""u8);
            }
            else
            {
                WriteOptionArray(w, product, 2, quality: false);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private void WriteOrderId(Utf8JsonWriter w)
    {
        var order = 100_000_000L + _random.Next(0, 90_000_000);
        var roll = _random.NextDouble();
        if (roll < 0.5)
        {
            w.WriteNumber(POrderId, order);
        }
        else if (roll < 0.9)
        {
            WriteDigits(w, POrderId, order);
        }
        else
        {
            w.WriteString(POrderId, ""u8);
        }
    }

    /// <summary>Locale-formatted prices as the shops send them: "316.00", "915,00", "22 688,00".</summary>
    private void WritePrice(Utf8JsonWriter w, JsonEncodedText name, int product, GeneratorStore store)
    {
        var amount = (long)Math.Round(_products[product].BasePriceEuro * store.EuroRate, 0);
        var cents = _random.Chance(0.1) ? 50 : 0;
        Span<byte> text = stackalloc byte[40];
        var n = 0;
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(amount, digits, out var d);
        for (var i = 0; i < d; i++)
        {
            if (store.PriceStyle == PriceStyle.SpaceComma && i > 0 && (d - i) % 3 == 0)
            {
                text[n++] = (byte)' ';
            }

            text[n++] = digits[i];
        }

        text[n++] = store.PriceStyle == PriceStyle.Dot ? (byte)'.' : (byte)',';
        text[n++] = (byte)('0' + cents / 10);
        text[n++] = (byte)('0' + cents % 10);
        w.WriteString(name, text[..n]);
    }

    private int CatId(Session session) => 10 + ((session.Product >= 0 ? _products[session.Product].Type : 0) * 7) + (session.Store % 5);

    /// <summary>Writes a digit string ("" when <paramref name="value"/> is negative) without allocating.</summary>
    private static void WriteDigits(Utf8JsonWriter w, JsonEncodedText name, long value)
    {
        Span<byte> digits = stackalloc byte[20];
        var n = 0;
        if (value >= 0)
        {
            Utf8Formatter.TryFormat(value, digits, out n);
        }

        w.WriteString(name, digits[..n]);
    }

    private void NewUuid(Span<byte> destination)
    {
        Span<byte> bytes = stackalloc byte[16];
        _random.NextBytes(bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        var n = 0;
        for (var i = 0; i < 16; i++)
        {
            if (i is 4 or 6 or 8 or 10)
            {
                destination[n++] = (byte)'-';
            }

            destination[n++] = HexDigit(bytes[i] >> 4);
            destination[n++] = HexDigit(bytes[i] & 0xF);
        }
    }

    private static void WriteHex(Span<byte> destination, ulong value, int digits)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[i] = HexDigit((int)(value & 0xF));
            value >>= 4;
        }
    }

    private static byte HexDigit(int value) => (byte)(value < 10 ? '0' + value : 'a' + value - 10);
}
