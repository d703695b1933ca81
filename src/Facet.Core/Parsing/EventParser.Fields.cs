using System.Globalization;
using System.Text;
using System.Text.Json;
using Facet.Core.Events;
using Facet.Core.Parsing.Internal;

namespace Facet.Core.Parsing;

// Reading the top-level members and each field's accepted shapes (docs/events.md, "Fields").
public sealed partial class EventParser
{
    private Fault? ReadMembers(ref Utf8JsonReader r, ReadOnlySpan<byte> json, ref EventFields f, ref ExtraJsonBuilder extras)
    {
        ulong seen = 0;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var memberStart = (int)r.TokenStartIndex;
            var field = LookupName(ref r);
            if (field != FieldName.Unknown)
            {
                var bit = 1UL << (int)field;
                if ((seen & bit) != 0)
                {
                    return new Fault(RejectionCodes.DuplicateField, $"{FieldNames.Json(field)} appears more than once in the event", FieldNames.Json(field));
                }

                seen |= bit;
            }

            r.Read();
            Fault? fault = null;
            switch (field)
            {
                case FieldName.Unknown:
                    fault = KeepUnknownMember(ref r, json, memberStart, ref extras);
                    break;
                case FieldName.Id:
                    f.IdSeen = true;
                    if (!TryReadCompactId(ref r, out f.CompactId))
                    {
                        fault = ReadText(ref r, "id", Text.AllowNumber | Text.NoFalse, out f.Id);
                    }

                    break;
                case FieldName.SourceDocId:
                    if (!TryReadCompactId(ref r, out f.CompactSourceDocId))
                    {
                        fault = ReadSourceDocId(ref r, out f.SourceDocId);
                    }

                    break;
                case FieldName.TimeStamp:
                    fault = ReadTimeStamp(ref r, ref f);
                    break;
                case FieldName.LocalTime:
                    fault = ReadText(ref r, "local_time", Text.None, out f.LocalTime, _recent.LocalTimes);
                    break;
                case FieldName.Ip:
                    fault = ReadText(ref r, "ip", Text.None, out f.Ip, _recent.Ips);
                    break;
                case FieldName.UserAgent:
                    fault = ReadText(ref r, "user_agent", Text.None, out f.UserAgent, _recent.UserAgents);
                    break;
                case FieldName.Resolution:
                    fault = ReadText(ref r, "resolution", Text.Intern, out f.Resolution);
                    break;
                case FieldName.UserIdDb:
                    fault = ReadText(ref r, "user_id_db", Text.AllowNumber, out f.UserIdDb, _recent.UserIds);
                    break;
                case FieldName.DeviceId:
                    fault = ReadText(ref r, "device_id", Text.None, out f.DeviceId, _recent.DeviceIds);
                    break;
                case FieldName.ApiVersion:
                    fault = ReadText(ref r, "api_version", Text.AllowNumber | Text.Intern, out f.ApiVersion);
                    break;
                case FieldName.StoreId:
                    fault = ReadText(ref r, "store_id", Text.AllowNumber | Text.Intern, out f.StoreId);
                    break;
                case FieldName.CurrentUrl:
                    fault = ReadText(ref r, "current_url", Text.None, out f.CurrentUrl, _recent.Urls);
                    break;
                case FieldName.ReferrerUrl:
                    fault = ReadText(ref r, "referrer_url", Text.None, out f.ReferrerUrl, _recent.Urls);
                    break;
                case FieldName.EmailAddress:
                    fault = ReadText(ref r, "email_address", Text.None, out f.EmailAddress);
                    break;
                case FieldName.Email:
                    fault = ReadText(ref r, "email", Text.None, out f.Email);
                    f.EmailMember = new Member(memberStart, (int)r.BytesConsumed - memberStart);
                    break;
                case FieldName.Collection:
                    f.CollectionSeen = true;
                    fault = ReadText(ref r, "collection", Text.Intern | Text.NoFalse, out f.Collection);
                    break;
                case FieldName.ProductId:
                    fault = ReadText(ref r, "product_id", Text.AllowNumber, out f.ProductId, _recent.ProductIds);
                    break;
                case FieldName.ViewingProductId:
                    fault = ReadText(ref r, "viewing_product_id", Text.AllowNumber, out f.ViewingProductId, _recent.ProductIds);
                    f.ViewingProductMember = new Member(memberStart, (int)r.BytesConsumed - memberStart);
                    break;
                case FieldName.Option:
                    fault = Within(ReadOptions(ref r, json, out f.Options), "option");
                    break;
                case FieldName.UtmSource:
                    fault = ReadText(ref r, "utm_source", Text.AllowNumber | Text.Intern, out f.UtmSource);
                    break;
                case FieldName.UtmMedium:
                    fault = ReadText(ref r, "utm_medium", Text.AllowNumber | Text.Intern, out f.UtmMedium);
                    break;
                case FieldName.ShowRecommendation:
                    fault = ReadShowRecommendation(ref r, ref f);
                    break;
                case FieldName.Recommendation:
                    fault = ReadBool(ref r, "recommendation", out f.Recommendation);
                    break;
                case FieldName.Price:
                    fault = ReadDecimal(ref r, "price", out f.Price, out f.PriceRaw);
                    break;
                case FieldName.Currency:
                    fault = ReadText(ref r, "currency", Text.Intern, out f.Currency);
                    break;
                case FieldName.OrderId:
                    fault = ReadText(ref r, "order_id", Text.AllowNumber, out f.OrderId);
                    break;
                case FieldName.CartProducts:
                    fault = Within(ReadCart(ref r, json, out f.CartProducts), "cart_products");
                    break;
                case FieldName.RecommendationProductId:
                    fault = ReadText(ref r, "recommendation_product_id", Text.AllowNumber, out f.RecommendationProductId, _recent.ProductIds);
                    break;
                case FieldName.RecommendationProductPosition:
                    fault = ReadInt(ref r, "recommendation_product_position", out f.RecommendationProductPosition);
                    break;
                case FieldName.RecommendationClickedPosition:
                    fault = ReadInt(ref r, "recommendation_clicked_position", out f.RecommendationClickedPosition);
                    break;
                case FieldName.KeySearch:
                    fault = ReadText(ref r, "key_search", Text.AllowNumber, out f.KeySearch);
                    break;
                case FieldName.IsPaypal:
                    fault = ReadBool(ref r, "is_paypal", out f.IsPaypal);
                    break;
                case FieldName.CatId:
                    fault = ReadText(ref r, "cat_id", Text.AllowNumber | Text.Intern, out f.CatId);
                    break;
                case FieldName.CollectId:
                    fault = ReadText(ref r, "collect_id", Text.AllowNumber | Text.Intern, out f.CollectId);
                    break;
            }

            if (fault is not null)
            {
                return fault;
            }
        }

        return null;
    }

    private static FieldName LookupName(ref Utf8JsonReader r)
    {
        if (!r.ValueIsEscaped)
        {
            return FieldNames.Lookup(r.ValueSpan);
        }

        // An escaped name ("\u0069d") still names its field; names longer than any field are unknown.
        if (r.ValueSpan.Length > 64)
        {
            return FieldName.Unknown;
        }

        Span<byte> unescaped = stackalloc byte[64];
        try
        {
            var length = r.CopyString(unescaped);
            return FieldNames.Lookup(unescaped[..length]);
        }
        catch (InvalidOperationException)
        {
            return FieldName.Unknown; // a lone surrogate: not one of our names; kept raw in ExtraJson
        }
    }

    [Flags]
    private enum Text
    {
        None = 0,

        /// <summary>A JSON number is taken as its literal text (ids sent as numbers).</summary>
        AllowNumber = 1,

        /// <summary>
        /// Return shared instances: a well-known value's (<see cref="StringCache"/>), else the one the parser's table of
        /// recent labels keeps (<see cref="RecentFieldTexts.Labels"/>).
        /// </summary>
        Intern = 2,

        /// <summary><c>false</c> is a type error instead of "no value".</summary>
        NoFalse = 4,
    }

    /// <summary>
    /// A text field: a string ("" → null), null, <c>false</c> (the shop's "no value") and, with <see cref="Text.AllowNumber"/>,
    /// a number as its literal text. Anything else is <c>invalid_field_type</c>.
    /// </summary>
    /// <param name="recent">The field's table of recent values (<see cref="RecentStrings"/>), for a text that repeats.</param>
    private Fault? ReadText(ref Utf8JsonReader r, string path, Text kind, out string? value, RecentStrings? recent = null)
    {
        value = null;
        switch (r.TokenType)
        {
            case JsonTokenType.String or JsonTokenType.PropertyName:
                if (r.ValueIsEscaped)
                {
                    return ReadEscaped(ref r, path, out value);
                }

                var span = r.ValueSpan;
                if (span.IsEmpty)
                {
                    return null;
                }

                value = (kind & Text.Intern) != 0 ? StringCache.Get(span, _recent.Labels)
                    : recent is not null ? recent.Get(span)
                    : Encoding.UTF8.GetString(span);
                return null;
            case JsonTokenType.Number when (kind & Text.AllowNumber) != 0:
                value = StringCache.Digits(r.ValueSpan, (kind & Text.Intern) != 0 ? _recent.Labels : recent);
                return null;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.False when (kind & Text.NoFalse) == 0:
                return null;
            default:
                return TypeFault(path, r.TokenType, (kind & Text.AllowNumber) != 0 ? "a string or number" : "a string");
        }
    }

    /// <summary>An escaped string: unescaped, refused when it holds U+0000 or a lone surrogate ("" → null).</summary>
    private static Fault? ReadEscaped(ref Utf8JsonReader r, string path, out string? value)
    {
        value = null;
        string text;
        try
        {
            text = r.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return new Fault(RejectionCodes.InvalidValue, $"{path} holds an invalid \\u escape (a lone UTF-16 surrogate)", path);
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return new Fault(RejectionCodes.ContainsNul, $"{path} holds U+0000 (\\u0000), which text columns cannot store", path);
        }

        value = text.Length == 0 ? null : text;
        return null;
    }

    private static Fault TypeFault(string path, JsonTokenType token, string expected) =>
        new(RejectionCodes.InvalidFieldType, $"{path} is {Describe(token)}; expected {expected}", path);

    /// <summary>An id string in one of <see cref="IdText"/>'s compact forms, read as its bytes; false for anything else.</summary>
    private static bool TryReadCompactId(ref Utf8JsonReader r, out IdText id)
    {
        id = default;
        return r.TokenType == JsonTokenType.String && !r.ValueIsEscaped && IdText.TryParseCompact(r.ValueSpan, out id);
    }

    /// <summary><c>_id</c>: a string, a number, or MongoDB extended JSON <c>{"$oid": "…"}</c>.</summary>
    private Fault? ReadSourceDocId(ref Utf8JsonReader r, out string? value)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            return ReadText(ref r, "_id", Text.AllowNumber, out value);
        }

        value = null;
        while (r.Read() && r.TokenType != JsonTokenType.EndObject)
        {
            var isOid = !r.ValueIsEscaped && r.ValueSpan.SequenceEqual("$oid"u8);
            r.Read();
            if (!isOid || r.TokenType != JsonTokenType.String)
            {
                return TrySkip(ref r) ? TypeFault("_id", JsonTokenType.StartObject, "a string or {\"$oid\": string}") : TooDeep();
            }

            if (ReadText(ref r, "_id", Text.None, out value) is { } fault)
            {
                return fault;
            }
        }

        return null;
    }

    /// <summary>
    /// <c>time_stamp</c>: epoch seconds as a number or numeric string; values above 1e12 are milliseconds.
    /// null, false and "" mean "missing" (then local_time is used).
    /// </summary>
    private Fault? ReadTimeStamp(ref Utf8JsonReader r, ref EventFields f)
    {
        double value;
        switch (r.TokenType)
        {
            case JsonTokenType.Number:
                if (!r.TryGetDouble(out value) || !double.IsFinite(value))
                {
                    return new Fault(RejectionCodes.TimeOutOfRange, $"time_stamp {Encoding.UTF8.GetString(r.ValueSpan)} is not a finite number", "time_stamp");
                }

                break;
            case JsonTokenType.String:
                if (ReadText(ref r, "time_stamp", Text.None, out var text) is { } fault)
                {
                    return fault;
                }

                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
                {
                    return new Fault(RejectionCodes.InvalidValue, $"time_stamp {Quote(text)} is not a number of epoch seconds", "time_stamp");
                }

                if (!double.IsFinite(value))
                {
                    return new Fault(RejectionCodes.TimeOutOfRange, $"time_stamp {Quote(text)} is not a finite number", "time_stamp");
                }

                break;
            case JsonTokenType.Null or JsonTokenType.False:
                return null;
            default:
                return TypeFault("time_stamp", r.TokenType, "a number or numeric string of epoch seconds");
        }

        f.TimeStampMs = Math.Abs(value) > 1e12 ? value : value * 1000;
        f.TimeStampValue = value;
        return null;
    }

    /// <summary>
    /// <c>show_recommendation</c>: a boolean, "true"/"false" in any case, null, 1/0, or a dirty string such as
    /// "true; NEXTSMARTY_DEVICE_ID=…": its leading word decides, and the whole value is kept in ShowRecommendationRaw.
    /// </summary>
    private Fault? ReadShowRecommendation(ref Utf8JsonReader r, ref EventFields f)
    {
        switch (r.TokenType)
        {
            case JsonTokenType.True:
                f.ShowRecommendation = true;
                return null;
            case JsonTokenType.False:
                f.ShowRecommendation = false;
                return null;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number:
                f.ShowRecommendationRaw = StringCache.Digits(r.ValueSpan);
                f.ShowRecommendation = f.ShowRecommendationRaw switch { "1" => true, "0" => false, _ => null };
                return null;
            case JsonTokenType.String:
                if (!r.ValueIsEscaped && r.ValueSpan.SequenceEqual("true"u8))
                {
                    f.ShowRecommendation = true;
                    return null;
                }

                if (!r.ValueIsEscaped && r.ValueSpan.SequenceEqual("false"u8))
                {
                    f.ShowRecommendation = false;
                    return null;
                }

                if (ReadText(ref r, "show_recommendation", Text.None, out var text) is { } fault)
                {
                    return fault;
                }

                if (text is null)
                {
                    return null;
                }

                f.ShowRecommendationRaw = text;
                var word = text.AsSpan().TrimStart();
                var end = word.IndexOfAny(" ;,&\t");
                f.ShowRecommendation = ParseBoolWord(end < 0 ? word : word[..end]);
                return null;
            default:
                return TypeFault("show_recommendation", r.TokenType, "a boolean or string");
        }
    }

    private static bool? ParseBoolWord(ReadOnlySpan<char> word) =>
        word.Equals("true", StringComparison.OrdinalIgnoreCase) || word.SequenceEqual("1") ? true
        : word.Equals("false", StringComparison.OrdinalIgnoreCase) || word.SequenceEqual("0") ? false
        : null;

    /// <summary>A boolean field: true/false, "true"/"false"/"1"/"0" (any case), 1/0; null and "" mean no value.</summary>
    private Fault? ReadBool(ref Utf8JsonReader r, string path, out bool? value)
    {
        value = null;
        switch (r.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return null;
            case JsonTokenType.False:
                value = false;
                return null;
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.Number or JsonTokenType.String:
                var isNumber = r.TokenType == JsonTokenType.Number;
                if (ReadText(ref r, path, Text.AllowNumber, out var text) is { } fault)
                {
                    return fault;
                }

                if (text is null)
                {
                    return null;
                }

                value = ParseBoolWord(text.AsSpan().Trim());
                return value is null ? new Fault(RejectionCodes.InvalidValue, $"{path} {(isNumber ? text : Quote(text))} is not a boolean", path) : null;
            default:
                return TypeFault(path, r.TokenType, "a boolean");
        }
    }

    /// <summary>A decimal field: a JSON number, or a locale-formatted string (LocaleDecimal); null, false and "" mean no value.</summary>
    private Fault? ReadDecimal(ref Utf8JsonReader r, string path, out decimal? value, out string? raw)
    {
        value = null;
        raw = null;
        switch (r.TokenType)
        {
            case JsonTokenType.Number:
                raw = StringCache.Digits(r.ValueSpan);
                if (!r.TryGetDecimal(out var number))
                {
                    return new Fault(RejectionCodes.InvalidValue, $"{path} {raw} is out of the decimal range", path);
                }

                value = number;
                return null;
            case JsonTokenType.String:
                if (ReadText(ref r, path, Text.None, out raw) is { } fault)
                {
                    return fault;
                }

                if (raw is null)
                {
                    return null;
                }

                if (!LocaleDecimal.TryParse(raw, out var parsed))
                {
                    return new Fault(RejectionCodes.InvalidValue, $"{path} {Quote(raw)} is not a number (accepted: \"316.00\", \"915,00\", \"22 688,00\", \"1.234,56\")", path);
                }

                value = parsed;
                return null;
            case JsonTokenType.Null or JsonTokenType.False:
                return null;
            default:
                return TypeFault(path, r.TokenType, "a number or numeric string");
        }
    }

    /// <summary>An integer field (positions): a whole number or digit string; null, false and "" mean no value.</summary>
    private Fault? ReadInt(ref Utf8JsonReader r, string path, out int? value)
    {
        value = null;
        switch (r.TokenType)
        {
            case JsonTokenType.Number:
                if (r.TryGetInt32(out var whole))
                {
                    value = whole;
                    return null;
                }

                if (r.TryGetDecimal(out var d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue)
                {
                    value = (int)d;
                    return null;
                }

                return new Fault(RejectionCodes.InvalidValue, $"{path} {Encoding.UTF8.GetString(r.ValueSpan)} is not a whole number in range", path);
            case JsonTokenType.String:
                if (ReadText(ref r, path, Text.None, out var text) is { } fault)
                {
                    return fault;
                }

                if (string.IsNullOrWhiteSpace(text))
                {
                    return null;
                }

                if (!int.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite, CultureInfo.InvariantCulture, out var parsed))
                {
                    return new Fault(RejectionCodes.InvalidValue, $"{path} {Quote(text)} is not a whole number", path);
                }

                value = parsed;
                return null;
            case JsonTokenType.Null or JsonTokenType.False:
                return null;
            default:
                return TypeFault(path, r.TokenType, "a whole number");
        }
    }

    /// <summary>Everything one event may carry, gathered during the single pass and validated in Build.</summary>
    private struct EventFields
    {
        public string? Id;

        /// <summary>The id when it was a canonical UUID, read without a string (<see cref="Id"/> is null then).</summary>
        public IdText CompactId;
        public bool IdSeen;
        public string? SourceDocId;

        /// <summary>The _id when it was a 24-digit hex ObjectId, read without a string (<see cref="SourceDocId"/> is null then).</summary>
        public IdText CompactSourceDocId;
        public double? TimeStampMs;
        public double TimeStampValue;
        public string? LocalTime;
        public string? Collection;
        public bool CollectionSeen;
        public string? Ip;
        public string? UserAgent;
        public string? Resolution;
        public string? UserIdDb;
        public string? DeviceId;
        public string? ApiVersion;
        public string? StoreId;
        public string? CurrentUrl;
        public string? ReferrerUrl;
        public string? EmailAddress;
        public string? Email;
        public Member EmailMember;
        public string? ProductId;
        public string? ViewingProductId;
        public Member ViewingProductMember;
        public IReadOnlyList<EventOption>? Options;
        public string? UtmSource;
        public string? UtmMedium;
        public bool? ShowRecommendation;
        public string? ShowRecommendationRaw;
        public bool? Recommendation;
        public decimal? Price;
        public string? PriceRaw;
        public string? Currency;
        public string? OrderId;
        public IReadOnlyList<CartProduct>? CartProducts;
        public string? RecommendationProductId;
        public int? RecommendationProductPosition;
        public int? RecommendationClickedPosition;
        public string? KeySearch;
        public bool? IsPaypal;
        public string? CatId;
        public string? CollectId;
    }
}
