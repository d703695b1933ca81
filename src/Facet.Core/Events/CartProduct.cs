namespace Facet.Core.Events;

/// <summary>
/// One line of <c>cart_products</c> on cart and checkout events. Keys other than the known ones are kept verbatim as
/// one JSON object text in <see cref="ExtraJson"/>.
/// </summary>
public sealed record CartProduct(
    string? ProductId,
    decimal? Amount,
    decimal? Price,
    string? PriceRaw,
    string? Currency,
    IReadOnlyList<EventOption> Options,
    string? ExtraJson = null);
