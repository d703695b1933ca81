namespace Facet.Storage.Internal;

/// <summary>The fact_events columns in table order, and how a prepared event fills them (one place for both backends).</summary>
internal static class FactRow
{
    public static readonly string[] Columns =
    [
        "event_key", "event_date", "event_id", "source_doc_id", "event_ts", "date_key", "hour", "collection",
        "product_key", "store_key", "location_key", "user_agent_key", "referrer_key", "customer_key",
        "device_id", "ip", "resolution", "api_version", "current_url", "referrer_url", "options", "cart_products",
        "utm_source", "utm_medium", "utm_campaign", "utm_term", "utm_content", "click_id_type", "click_id",
        "price", "price_raw", "currency", "order_id", "key_search", "cat_id", "collect_id",
        "recommendation_product_id", "recommendation_product_position", "recommendation_clicked_position",
        "show_recommendation", "recommendation", "is_paypal", "local_time", "is_bot", "time_fallback", "extra",
        "ingested_at", "source", "source_partition", "source_offset",
    ];

    /// <summary>
    /// The event_ts column as epoch µs: the warehouse stores whole µs, and <see cref="PreparedEvent.EventTsUtc"/> is
    /// one already, so what the batch computes from its own events (sessions, funnel progress) orders and compares them
    /// as a read of the facts would.
    /// </summary>
    public static long EventMicros(PreparedEvent p) => ToMicros(p.EventTsUtc);

    /// <summary>A UTC time in whole µs as epoch µs (the inverse of <see cref="FromMicros"/>).</summary>
    public static long ToMicros(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    /// <summary>A time the batch scripts return as epoch µs (BatchTransaction.QueryScriptAsync) as a UTC DateTime.</summary>
    public static DateTime FromMicros(long micros) => DateTime.UnixEpoch.AddTicks(micros * 10);

    /// <summary>The utm_source column: the URL's parameter, else the event's own field.</summary>
    public static string? UtmSource(PreparedEvent p) => p.Source.Url.UtmSource ?? p.Source.Event.UtmSource;

    /// <summary>The utm_medium column: the URL's parameter, else the event's own field.</summary>
    public static string? UtmMedium(PreparedEvent p) => p.Source.Url.UtmMedium ?? p.Source.Event.UtmMedium;

    /// <summary>The utm_campaign column: the URL's parameter only (what cuts sessions).</summary>
    public static string? UtmCampaign(PreparedEvent p) => p.Source.Url.UtmCampaign;

    public static void Write(IFactRowWriter w, PreparedEvent p, DateTime ingestedAtUtc)
    {
        var e = p.Source.Event;
        var url = p.Source.Url;
        w.StartRow();
        w.Uuid(p.EventKey);
        w.Date(p.EventDate);
        w.Text(e.EventIdText);
        w.Text(e.SourceDocIdText);
        w.Timestamp(p.EventTsUtc);
        w.Int(p.DateKey);
        w.Short(p.Hour);
        w.Text(e.Collection);
        w.Int(p.Keys[0]);
        w.Int(p.Keys[1]);
        w.Int(p.Keys[2]);
        w.Int(p.Keys[3]);
        w.Int(p.Keys[4]);
        w.Int(p.Keys[5]);
        w.Text(e.DeviceId);
        w.Text(p.Ip);
        w.Text(e.Resolution);
        w.Text(e.ApiVersion);
        w.Text(e.CurrentUrl);
        w.Text(e.ReferrerUrl);
        // Encoded here, per row written, into a buffer of the thread: kept on the prepared event they lived until the
        // commit (~150 bytes per event with options) and were copied into gen2 with it.
        JsonText.WriteOptions(w, e.Options);
        JsonText.WriteCartProducts(w, e.CartProducts);
        w.Text(UtmSource(p));
        w.Text(UtmMedium(p));
        w.Text(UtmCampaign(p));
        w.Text(url.UtmTerm);
        w.Text(url.UtmContent);
        w.Text(url.ClickIdType);
        w.Text(url.ClickId);
        w.Decimal(e.Price);
        w.Text(e.PriceRaw);
        w.Text(e.Currency);
        w.Text(e.OrderId);
        w.Text(e.KeySearch);
        w.Text(e.CatId);
        w.Text(e.CollectId);
        w.Text(e.RecommendationProductId);
        w.Int(e.RecommendationProductPosition);
        w.Int(e.RecommendationClickedPosition);
        w.Bool(e.ShowRecommendation);
        w.Bool(e.Recommendation);
        w.Bool(e.IsPaypal);
        w.Text(e.LocalTime);
        w.Bool(p.Source.IsBot);
        w.Bool(e.TimeFromLocalTime);
        w.Json(p.ExtraJson);
        w.Timestamp(ingestedAtUtc);
        w.Text(e.Position.Source);
        w.Int(e.Position.Partition);
        w.Long(e.Position.Offset);
        w.EndRow();
    }
}
