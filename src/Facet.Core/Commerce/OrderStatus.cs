namespace Facet.Core.Commerce;

/// <summary>Where an order stands (Shape A's <c>status</c>).</summary>
public enum OrderStatus
{
    Pending = 1,
    Completed = 2,
    Cancelled = 3,
}
