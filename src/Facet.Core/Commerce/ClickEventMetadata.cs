namespace Facet.Core.Commerce;

/// <summary>
/// The nested <c>event_metadata</c> of a click-stream event. Keys Facet knows are typed; any other keys are kept as
/// one JSON object in <see cref="OtherJson"/> (in their original order), so nothing is lost.
/// </summary>
public sealed record ClickEventMetadata
{
    public string? ProductId { get; init; }

    public int? Quantity { get; init; }

    public decimal? ItemPrice { get; init; }

    public PaymentStatus? PaymentStatus { get; init; }

    public string? SearchKeywords { get; init; }

    public string? PromoCode { get; init; }

    public decimal? PromoAmount { get; init; }

    /// <summary>The other keys as a JSON object, or null when there are none.</summary>
    public string? OtherJson { get; init; }
}
