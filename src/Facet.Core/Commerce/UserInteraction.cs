namespace Facet.Core.Commerce;

/// <summary>
/// A wishlist addition, a review or a rating (topic <c>user_interactions</c>). Shape A's <c>details</c> becomes
/// <see cref="ReviewText"/> for a review and <see cref="Rating"/> for a rating; other details stay in <see cref="Details"/>.
/// </summary>
public sealed record UserInteraction
{
    public required string InteractionId { get; init; }

    public required string CustomerId { get; init; }

    public required string ProductId { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }

    public required InteractionType Type { get; init; }

    public string? ReviewText { get; init; }

    /// <summary>Stars, 1–5.</summary>
    public int? Rating { get; init; }

    /// <summary>Details that are neither a review text nor a rating (e.g. on a wishlist addition), as written.</summary>
    public string? Details { get; init; }
}
