namespace Facet.Core.Commerce;

/// <summary>Whether the payment went through (Shape B's <c>payment_status</c>).</summary>
public enum PaymentStatus
{
    Success = 1,
    Failed = 2,
    Pending = 3,
}
