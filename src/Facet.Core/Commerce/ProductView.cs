namespace Facet.Core.Commerce;

/// <summary>A customer looked at a product page (topic <c>product_views</c>).</summary>
public sealed record ProductView
{
    public required string ViewId { get; init; }

    public required string CustomerId { get; init; }

    public required string ProductId { get; init; }

    public required DateTimeOffset ViewedAt { get; init; }

    /// <summary>How long the page was looked at, in seconds (Shape A <c>view_duration</c>); never negative.</summary>
    public double? ViewDurationSeconds { get; init; }

    /// <summary>The click-stream session of the view (Facet's form only).</summary>
    public string? SessionId { get; init; }
}
