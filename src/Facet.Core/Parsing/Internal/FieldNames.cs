namespace Facet.Core.Parsing.Internal;

/// <summary>Maps a property name (unescaped UTF-8) to its <see cref="FieldName"/> without allocating: length first, then bytes.</summary>
internal static class FieldNames
{
    public static FieldName Lookup(ReadOnlySpan<byte> n) => n.Length switch
    {
        2 => n.SequenceEqual("id"u8) ? FieldName.Id : n.SequenceEqual("ip"u8) ? FieldName.Ip : FieldName.Unknown,
        3 => n.SequenceEqual("_id"u8) ? FieldName.SourceDocId : FieldName.Unknown,
        5 => n.SequenceEqual("price"u8) ? FieldName.Price : n.SequenceEqual("email"u8) ? FieldName.Email : FieldName.Unknown,
        6 => n.SequenceEqual("option"u8) ? FieldName.Option : n.SequenceEqual("cat_id"u8) ? FieldName.CatId : FieldName.Unknown,
        8 => n.SequenceEqual("store_id"u8) ? FieldName.StoreId
            : n.SequenceEqual("currency"u8) ? FieldName.Currency
            : n.SequenceEqual("order_id"u8) ? FieldName.OrderId
            : FieldName.Unknown,
        9 => n.SequenceEqual("device_id"u8) ? FieldName.DeviceId : n.SequenceEqual("is_paypal"u8) ? FieldName.IsPaypal : FieldName.Unknown,
        10 => Lookup10(n),
        11 => n.SequenceEqual("api_version"u8) ? FieldName.ApiVersion : n.SequenceEqual("current_url"u8) ? FieldName.CurrentUrl : FieldName.Unknown,
        12 => n.SequenceEqual("referrer_url"u8) ? FieldName.ReferrerUrl : FieldName.Unknown,
        13 => n.SequenceEqual("email_address"u8) ? FieldName.EmailAddress : n.SequenceEqual("cart_products"u8) ? FieldName.CartProducts : FieldName.Unknown,
        14 => n.SequenceEqual("recommendation"u8) ? FieldName.Recommendation : FieldName.Unknown,
        18 => n.SequenceEqual("viewing_product_id"u8) ? FieldName.ViewingProductId : FieldName.Unknown,
        19 => n.SequenceEqual("show_recommendation"u8) ? FieldName.ShowRecommendation : FieldName.Unknown,
        25 => n.SequenceEqual("recommendation_product_id"u8) ? FieldName.RecommendationProductId : FieldName.Unknown,
        31 => n.SequenceEqual("recommendation_product_position"u8) ? FieldName.RecommendationProductPosition
            : n.SequenceEqual("recommendation_clicked_position"u8) ? FieldName.RecommendationClickedPosition
            : FieldName.Unknown,
        _ => FieldName.Unknown,
    };

    private static FieldName Lookup10(ReadOnlySpan<byte> n) => n[0] switch
    {
        (byte)'t' => n.SequenceEqual("time_stamp"u8) ? FieldName.TimeStamp : FieldName.Unknown,
        (byte)'l' => n.SequenceEqual("local_time"u8) ? FieldName.LocalTime : FieldName.Unknown,
        (byte)'u' => n.SequenceEqual("user_agent"u8) ? FieldName.UserAgent
            : n.SequenceEqual("user_id_db"u8) ? FieldName.UserIdDb
            : n.SequenceEqual("utm_source"u8) ? FieldName.UtmSource
            : n.SequenceEqual("utm_medium"u8) ? FieldName.UtmMedium
            : FieldName.Unknown,
        (byte)'r' => n.SequenceEqual("resolution"u8) ? FieldName.Resolution : FieldName.Unknown,
        (byte)'c' => n.SequenceEqual("collection"u8) ? FieldName.Collection : n.SequenceEqual("collect_id"u8) ? FieldName.CollectId : FieldName.Unknown,
        (byte)'p' => n.SequenceEqual("product_id"u8) ? FieldName.ProductId : FieldName.Unknown,
        (byte)'k' => n.SequenceEqual("key_search"u8) ? FieldName.KeySearch : FieldName.Unknown,
        _ => FieldName.Unknown,
    };

    /// <summary>The JSON name of a field, for messages.</summary>
    public static string Json(FieldName field) => field switch
    {
        FieldName.Id => "id",
        FieldName.SourceDocId => "_id",
        FieldName.TimeStamp => "time_stamp",
        FieldName.LocalTime => "local_time",
        FieldName.Ip => "ip",
        FieldName.UserAgent => "user_agent",
        FieldName.Resolution => "resolution",
        FieldName.UserIdDb => "user_id_db",
        FieldName.DeviceId => "device_id",
        FieldName.ApiVersion => "api_version",
        FieldName.StoreId => "store_id",
        FieldName.CurrentUrl => "current_url",
        FieldName.ReferrerUrl => "referrer_url",
        FieldName.EmailAddress => "email_address",
        FieldName.Email => "email",
        FieldName.Collection => "collection",
        FieldName.ProductId => "product_id",
        FieldName.ViewingProductId => "viewing_product_id",
        FieldName.Option => "option",
        FieldName.UtmSource => "utm_source",
        FieldName.UtmMedium => "utm_medium",
        FieldName.ShowRecommendation => "show_recommendation",
        FieldName.Recommendation => "recommendation",
        FieldName.Price => "price",
        FieldName.Currency => "currency",
        FieldName.OrderId => "order_id",
        FieldName.CartProducts => "cart_products",
        FieldName.RecommendationProductId => "recommendation_product_id",
        FieldName.RecommendationProductPosition => "recommendation_product_position",
        FieldName.RecommendationClickedPosition => "recommendation_clicked_position",
        FieldName.KeySearch => "key_search",
        FieldName.IsPaypal => "is_paypal",
        FieldName.CatId => "cat_id",
        FieldName.CollectId => "collect_id",
        _ => "?",
    };
}
