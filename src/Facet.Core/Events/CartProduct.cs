namespace Facet.Core.Events;

/// <summary>One line of <c>cart_products</c> on cart and checkout events.</summary>
public sealed record CartProduct(
    string? ProductId,
    decimal? Amount,
    decimal? Price,
    string? PriceRaw,
    string? Currency,
    IReadOnlyList<EventOption> Options);
