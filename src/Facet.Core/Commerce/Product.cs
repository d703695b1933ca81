namespace Facet.Core.Commerce;

/// <summary>
/// A catalog product (topic <c>products</c>): Shape A's priced, stocked product and Shape B's fashion catalog row.
/// A later record with the same <see cref="ProductId"/> is a newer version (price and stock change).
/// </summary>
public sealed record Product
{
    public required string ProductId { get; init; }

    /// <summary>Display name (Shape A <c>name</c>, Shape B <c>productDisplayName</c>).</summary>
    public string? Name { get; init; }

    /// <summary>Top-level category (Shape A <c>category</c>, Shape B <c>masterCategory</c>).</summary>
    public string? Category { get; init; }

    public string? SubCategory { get; init; }

    public string? ArticleType { get; init; }

    /// <summary>Whom the product is for (Shape B: Men, Women, Boys, Girls, Unisex), kept as written.</summary>
    public string? Gender { get; init; }

    public string? BaseColour { get; init; }

    public string? Season { get; init; }

    /// <summary>The catalog year (Shape B <c>year</c>).</summary>
    public int? Year { get; init; }

    public string? Usage { get; init; }

    /// <summary>Unit price in <see cref="Currency"/>'s major unit (e.g. 19.99 USD, 191247 IDR); never negative.</summary>
    public decimal? Price { get; init; }

    /// <summary>ISO 4217 code, upper case; null when neither the record nor the decoder's default says.</summary>
    public string? Currency { get; init; }

    /// <summary>Units in stock; never negative.</summary>
    public int? StockQuantity { get; init; }

    public string? Supplier { get; init; }

    /// <summary>Average customer rating, 0–5 (Shape A <c>rating</c>).</summary>
    public decimal? Rating { get; init; }

    /// <summary>When this version of the product was written (Facet's form only).</summary>
    public DateTimeOffset? UpdatedAt { get; init; }
}
