namespace Facet.Storage.Reports;

/// <summary>What a report covers. Every definition in docs/reports.md is one of these options; the defaults are the issue's.</summary>
public sealed record ReportOptions
{
    public const string DefaultViewCollection = "view_product_detail";

    public ReportDate Date { get; init; } = ReportDate.Latest;

    /// <summary>
    /// The exclusive end of a range (<c>--from D --to D</c>): the report covers the local days [<see cref="Date"/>,
    /// <see cref="Until"/>), and <see cref="Date"/> is then a fixed day. Null: the one day <see cref="Date"/> names.
    /// </summary>
    public DateOnly? Until { get; init; }

    /// <summary>Whether revenue and top-products-by-revenue count the clickstream's checkout_success events (the default) or the commerce orders (issue 18).</summary>
    public SalesSource Source { get; init; } = SalesSource.Clickstream;

    /// <summary>A product category (the commerce reports that count products); compared without regard to case.</summary>
    public string? Category { get; init; }

    /// <summary><c>top-categories</c>: rank by units instead of revenue.</summary>
    public bool ByUnits { get; init; }

    /// <summary>IANA time zone in which days and hours are counted.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>ISO 3166 alpha-2 country of the shoppers; required by <c>store-views</c>. The commerce reports compare it with the customer's home country (its name or code).</summary>
    public string? Country { get; init; }

    /// <summary>Product id; required by <c>hourly-product-views</c>.</summary>
    public string? Product { get; init; }

    /// <summary>Rows to return from ranking reports; null = the report's default (<see cref="ReportCatalog.DefaultLimitOf"/>).</summary>
    public int? Limit { get; init; }

    public bool IncludeBots { get; init; }

    /// <summary>
    /// Whether <c>top-referrers</c> keeps the shop's own hosts (medium internal: navigation between its pages and
    /// stores). Off by default, so the ranking shows traffic sources: search, social, email and other sites.
    /// </summary>
    public bool IncludeInternal { get; init; }

    /// <summary>Which event collections count as a view.</summary>
    public IReadOnlyList<string> ViewCollections { get; init; } = [DefaultViewCollection];

    /// <summary>IP geolocation (default) or the store domain's country, for <c>top-countries</c>.</summary>
    public CountrySource CountryBy { get; init; } = CountrySource.Ip;

    /// <summary>How revenue, conversion and funnel rows are split; null = the report's default (revenue by hour, the others not at all).</summary>
    public Commerce.CommerceBreakdown? Breakdown { get; init; }

    /// <summary>A dated rate table: revenue is then converted to its base currency and summed across currencies.</summary>
    public Commerce.FxRates? Fx { get; init; }

    /// <summary>The funnel of the <c>funnel</c> report; null = the built-in shop funnel.</summary>
    public Commerce.FunnelDefinition? Funnel { get; init; }
}
