namespace Facet.Storage.Reports.Shop;

/// <summary>The <see cref="ShopOutcome"/> of an order from the texts the warehouse stores (see Internal/Commerce/CommerceText.cs).</summary>
internal static class ShopOutcomes
{
    public static ShopOutcome Of(string? status, string? paymentStatus) => (status, paymentStatus) switch
    {
        (_, "failed") => ShopOutcome.Failed,
        ("cancelled", _) => ShopOutcome.Cancelled,
        (_, "success") => ShopOutcome.Successful,
        (_, "pending") => ShopOutcome.Pending,
        ("completed", null) => ShopOutcome.Successful,
        ("pending", null) => ShopOutcome.Pending,
        _ => ShopOutcome.Unknown,
    };
}
