namespace Facet.Storage.Reports.Commerce;

/// <summary>One cart line of an order that counts toward revenue: price and amount both present; currency as an ISO code where known.</summary>
internal readonly record struct OrderLine(string? ProductId, decimal Amount, decimal Price, string Currency);
