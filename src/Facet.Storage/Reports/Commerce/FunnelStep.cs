namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// One funnel step: an event of <see cref="Collection"/>, optionally only for one product id and/or one store (its
/// store id or its domain).
/// </summary>
public sealed record FunnelStep(string Collection, string? Product = null, string? Store = null)
{
    /// <summary>How the report names the step: the collection, with its filters.</summary>
    public string Label => Collection + (Product is null ? "" : $" product={Product}") + (Store is null ? "" : $" store={Store}");

    public bool Matches(string collection, string? productId, string? storeId, string? domain) =>
        string.Equals(collection, Collection, StringComparison.Ordinal)
        && (Product is null || string.Equals(productId, Product, StringComparison.Ordinal))
        && (Store is null || string.Equals(storeId, Store, StringComparison.Ordinal) || string.Equals(domain, Store, StringComparison.OrdinalIgnoreCase));
}
