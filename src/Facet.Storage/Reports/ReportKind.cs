namespace Facet.Storage.Reports;

/// <summary>The six reports (definitions in docs/reports.md). <see cref="ReportCatalog"/> maps them to their CLI/API names.</summary>
public enum ReportKind
{
    TopProducts,
    TopCountries,
    TopReferrers,
    StoreViews,
    HourlyProductViews,
    HourlyBrowserOs,
}
