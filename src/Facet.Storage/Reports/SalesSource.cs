namespace Facet.Storage.Reports;

/// <summary>What revenue and top-products-by-revenue count (<c>--source</c>).</summary>
public enum SalesSource
{
    /// <summary>The clickstream's checkout_success events and their carts (issue 21).</summary>
    Clickstream = 0,

    /// <summary>The commerce orders of the <c>transactions</c> stream (fact_order, fact_order_line; issue 18).</summary>
    Commerce,
}
