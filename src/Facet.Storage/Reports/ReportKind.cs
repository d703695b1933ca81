namespace Facet.Storage.Reports;

/// <summary>The reports (definitions in docs/reports.md): the six view reports, revenue, conversion, funnels and sessions (issue 21), then the commerce entity reports (issue 18). <see cref="ReportCatalog"/> maps them to their CLI/API names.</summary>
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
    Sessions,
    Orders,
    TopProductsByUnits,
    TopCategories,
    PaymentMethods,
    Promos,
    CustomerDemographics,
    NewVsReturning,
    TrafficSources,
    SessionEvents,
    DeviceTypes,
    ViewDuration,
    Ratings,
    LogErrors,
}
