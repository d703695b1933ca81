namespace Facet.Core.Commerce;

/// <summary>
/// Reason codes the commerce decoders add to <see cref="Events.RejectionCodes"/> (which they reuse for empty messages,
/// invalid JSON, ids, times, field types and values). Stored in bad_events and documented in docs/commerce.md: never
/// rename one.
/// </summary>
public static class CommerceRejectionCodes
{
    /// <summary>A quantity (order line, stock, event metadata) is below zero.</summary>
    public const string NegativeQuantity = "negative_quantity";

    /// <summary>A price, item price, promo amount, shipment fee or total is below zero.</summary>
    public const string NegativeAmount = "negative_amount";

    /// <summary>A duration (view_duration) is below zero.</summary>
    public const string NegativeDuration = "negative_duration";

    /// <summary>Nested metadata (product_metadata, event_metadata, line_items) cannot be parsed or has the wrong shape.</summary>
    public const string InvalidMetadata = "invalid_metadata";

    /// <summary>An enumerated field (status, payment_method, interaction_type, level, event_name, gender…) holds a value Facet does not know.</summary>
    public const string UnknownEnumValue = "unknown_enum_value";

    /// <summary>A rating is not 1–5 (an interaction) or not 0–5 (a product's average).</summary>
    public const string RatingOutOfRange = "rating_out_of_range";

    /// <summary>A required field other than an id or a time is missing, null or empty (event_name, level, message, quantity…).</summary>
    public const string MissingField = "missing_field";

    /// <summary>An order has no line items.</summary>
    public const string NoLineItems = "no_line_items";

    /// <summary>A CSV row has a different number of fields than the header.</summary>
    public const string MalformedRow = "malformed_row";
}
