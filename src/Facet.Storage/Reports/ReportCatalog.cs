namespace Facet.Storage.Reports;

/// <summary>Names, columns and default row limits of the reports, as the CLI and the API spell them.</summary>
public static class ReportCatalog
{
    private static readonly (ReportKind Kind, string Name, string[] Columns, int? DefaultLimit)[] Reports =
    [
        (ReportKind.TopProducts, "top-products", ["rank", "product_id", "product_name", "views"], 10),
        (ReportKind.TopCountries, "top-countries", ["rank", "country_code", "country_name", "views"], 10),
        (ReportKind.TopReferrers, "top-referrers", ["rank", "referrer", "medium", "views"], 5),
        (ReportKind.StoreViews, "store-views", ["store_id", "domain", "views"], null),
        (ReportKind.HourlyProductViews, "hourly-product-views", ["hour", "views"], null),
        (ReportKind.HourlyBrowserOs, "hourly-browser-os", ["hour", "browser", "os", "views"], null),
        (ReportKind.Revenue, "revenue", ["hour", "currency", "orders", "units", "revenue", "aov"], null),
        (ReportKind.TopProductsByRevenue, "top-products-by-revenue", ["rank", "product_id", "product_name", "currency", "units", "revenue", "orders"], 10),
        (ReportKind.Conversion, "conversion", ["all", "sessions", "sessions_with_order", "conversion_rate"], null),
        (ReportKind.Funnel, "funnel", ["all", "step", "name", "entered", "converted", "drop_off", "conversion_from_first", "median_seconds_to_convert"], null),
        (ReportKind.Sessions, "sessions", ["hour", "sessions", "bounces", "bounce_rate", "avg_duration_seconds", "events_per_session", "sessions_with_order", "conversion_rate"], null),
        (ReportKind.Orders, "orders", ["hour", "orders", "successful", "failed", "pending", "cancelled"], null),
        (ReportKind.TopProductsByUnits, "top-products-by-units", ["rank", "product_id", "product_name", "category", "units", "orders"], 10),
        (ReportKind.TopCategories, "top-categories", ["rank", "category", "currency", "units", "revenue", "orders"], 10),
        (ReportKind.PaymentMethods, "payment-methods", ["payment_method", "orders", "successful", "failed", "failure_rate", "currency", "revenue"], null),
        (ReportKind.Promos, "promos", ["promo_code", "orders", "currency", "discount_total"], null),
        (ReportKind.CustomerDemographics, "customer-demographics", ["gender", "age_band", "customers"], null),
        (ReportKind.NewVsReturning, "new-vs-returning", ["customer_type", "customers", "orders", "currency", "revenue"], null),
        (ReportKind.TrafficSources, "traffic-sources", ["traffic_source", "sessions", "events", "sessions_with_order", "conversion_rate"], null),
        (ReportKind.SessionEvents, "session-events", ["event_name", "events", "sessions"], null),
        (ReportKind.DeviceTypes, "device-types", ["device_type", "customers", "sessions"], null),
        (ReportKind.ViewDuration, "view-duration", ["rank", "product_id", "product_name", "views", "avg_view_seconds"], 10),
        (ReportKind.Ratings, "ratings", ["rank", "product_id", "product_name", "ratings", "avg_rating", "reviews", "wishlist_additions"], 10),
        (ReportKind.LogErrors, "log-errors", ["hour", "entries", "errors", "warnings", "error_rate"], null),
    ];

    /// <summary>Every report name, in the order the issue lists them.</summary>
    public static IReadOnlyList<string> Names { get; } = Array.ConvertAll(Reports, r => r.Name);

    public static string NameOf(ReportKind kind) => Find(kind).Name;

    /// <summary>snake_case column names, in output order, of the report's default form (<see cref="ReportResult.Columns"/> has the actual ones: a breakdown renames the first column, a rate table adds rate_dates).</summary>
    public static IReadOnlyList<string> ColumnsOf(ReportKind kind) => Find(kind).Columns;

    /// <summary>How many rows the report returns without --limit; null means all.</summary>
    public static int? DefaultLimitOf(ReportKind kind) => Find(kind).DefaultLimit;

    /// <summary>The reports computed from the clickstream's orders, devices and sessions (issue 21), which take <c>--by</c> breakdowns and ranges.</summary>
    public static bool IsClickstreamCommerce(ReportKind kind) =>
        kind is ReportKind.Revenue or ReportKind.TopProductsByRevenue or ReportKind.Conversion or ReportKind.Funnel or ReportKind.Sessions;

    /// <summary>
    /// The stream families a report reads (its data-version key, docs/cache.md): the commerce entity tables for the
    /// commerce reports (and revenue, top-products-by-revenue with <c>--source commerce</c>), the clickstream's otherwise.
    /// </summary>
    public static StreamFamilies FamiliesOf(ReportKind kind, SalesSource source) =>
        Shop.ShopFlags.IsShop(kind, source) ? StreamFamilies.Commerce : StreamFamilies.Clickstream;

    public static bool TryParse(string? name, out ReportKind kind)
    {
        foreach (var report in Reports)
        {
            if (string.Equals(report.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                kind = report.Kind;
                return true;
            }
        }

        kind = default;
        return false;
    }

    private static (ReportKind Kind, string Name, string[] Columns, int? DefaultLimit) Find(ReportKind kind)
    {
        foreach (var report in Reports)
        {
            if (report.Kind == kind)
            {
                return report;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown report.");
    }
}
