namespace Facet.Core.Commerce;

/// <summary>One line of an order: a product, how many, and the unit price when the source gives it.</summary>
public sealed record OrderLine(string ProductId, int Quantity, decimal? ItemPrice)
{
    /// <summary>Quantity × item price, or null without a price.</summary>
    public decimal? Amount => ItemPrice * Quantity;
}
