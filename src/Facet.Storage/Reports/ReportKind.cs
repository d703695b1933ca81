namespace Facet.Storage.Reports;

/// <summary>The reports (definitions in docs/reports.md): the six view reports, then revenue, conversion and funnels (issue 21). <see cref="ReportCatalog"/> maps them to their CLI/API names.</summary>
public enum ReportKind
{
    TopProducts,
    TopCountries,
    TopReferrers,
    StoreViews,
    HourlyProductViews,
    HourlyBrowserOs,
    Revenue,
    TopProductsByRevenue,
    Conversion,
    Funnel,
}
