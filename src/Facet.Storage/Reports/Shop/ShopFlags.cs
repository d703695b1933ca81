using Facet.Storage.Reports.Commerce;

namespace Facet.Storage.Reports.Shop;

/// <summary>
/// Which flags the commerce entity reports take (issue 18): <c>--source</c>, <c>--by hour|day</c>, <c>--category</c>,
/// <c>--country</c> (the customer's home country), <c>--by-units</c>; shared by <c>facet report</c> and the API, and
/// checked again by <see cref="ReportService"/>. Errors are one line naming the flag.
/// </summary>
public static class ShopFlags
{
    /// <summary>Whether <paramref name="kind"/> with <paramref name="source"/> reads the commerce star schema.</summary>
    public static bool IsShop(ReportKind kind, SalesSource source) => kind switch
    {
        ReportKind.Revenue or ReportKind.TopProductsByRevenue => source == SalesSource.Commerce,
        _ => kind >= ReportKind.Orders,
    };

    /// <summary>Reports split in time, which take <c>--by hour|day</c>.</summary>
    public static bool IsTimeSeries(ReportKind kind) => kind is ReportKind.Revenue or ReportKind.Orders or ReportKind.LogErrors;

    /// <summary>Reports that count products, which take <c>--category</c>.</summary>
    public static bool TakesCategory(ReportKind kind) => kind is ReportKind.Revenue or ReportKind.TopProductsByRevenue
        or ReportKind.TopProductsByUnits or ReportKind.ViewDuration or ReportKind.Ratings;

    /// <summary>Parses <c>--source</c>: clickstream (the default) or commerce, for revenue and top-products-by-revenue.</summary>
    public static SalesSource ParseSource(ReportKind kind, string? text)
    {
        if (text is null)
        {
            return SalesSource.Clickstream;
        }

        if (kind is not (ReportKind.Revenue or ReportKind.TopProductsByRevenue))
        {
            throw new ReportOptionsException($"--source applies to revenue and top-products-by-revenue (not {ReportCatalog.NameOf(kind)})");
        }

        return text.Trim().ToLowerInvariant() switch
        {
            "clickstream" => SalesSource.Clickstream,
            "commerce" => SalesSource.Commerce,
            _ => throw new ReportOptionsException($"--source must be clickstream or commerce (got '{text}')"),
        };
    }

    /// <summary>
    /// Adds the commerce flags to <paramref name="options"/> for a report that <see cref="IsShop"/>; throws
    /// <see cref="ReportOptionsException"/> for a flag the report does not take.
    /// </summary>
    public static ReportOptions Apply(ReportOptions options, ReportKind kind, SalesSource source, string? by, string? category, bool byUnits)
    {
        ArgumentNullException.ThrowIfNull(options);
        CommerceBreakdown? breakdown = null;
        if (by is not null)
        {
            breakdown = IsTimeSeries(kind)
                ? by.Trim().ToLowerInvariant() switch
                {
                    "hour" => CommerceBreakdown.Hour,
                    "day" => CommerceBreakdown.Day,
                    _ => throw new ReportOptionsException($"--by for {Spelled(kind)} must be hour or day (got '{by}')"),
                }
                : throw new ReportOptionsException($"{ReportCatalog.NameOf(kind)} has no --by (it is not split in time)");
        }

        var result = options with
        {
            Source = source,
            Breakdown = breakdown,
            Category = string.IsNullOrWhiteSpace(category) ? null : category.Trim(),
            ByUnits = byUnits,
        };
        Validate(kind, result);
        return result;
    }

    /// <summary>Throws <see cref="ReportOptionsException"/> when <paramref name="options"/> hold a flag <paramref name="kind"/> does not take.</summary>
    public static void Validate(ReportKind kind, ReportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = ReportCatalog.NameOf(kind);
        var shop = IsShop(kind, options.Source);
        if (options.Category is not null && !(shop && TakesCategory(kind)))
        {
            throw new ReportOptionsException($"--category applies to revenue and top-products-by-revenue with --source commerce, top-products-by-units, view-duration and ratings (not {name})");
        }

        if (options.ByUnits && kind != ReportKind.TopCategories)
        {
            throw new ReportOptionsException($"--by-units applies to top-categories (not {name})");
        }

        if (!shop)
        {
            return;
        }

        if (options.Country is not null && kind == ReportKind.LogErrors)
        {
            throw new ReportOptionsException("log-errors has no --country: system logs belong to no customer");
        }

        if (options.Fx is not null)
        {
            throw new ReportOptionsException($"--fx applies to the clickstream revenue (not {Spelled(kind)}): commerce amounts stay in their own currencies");
        }

        if (options.Breakdown is { } b && !(IsTimeSeries(kind) && b is CommerceBreakdown.Hour or CommerceBreakdown.Day))
        {
            throw new ReportOptionsException($"--by for {Spelled(kind)} must be hour or day (got '{CommerceBreakdowns.NameOf(b)}')");
        }
    }

    /// <summary>The report as a user names it: revenue and top-products-by-revenue with their <c>--source commerce</c>.</summary>
    private static string Spelled(ReportKind kind) =>
        ReportCatalog.NameOf(kind) + (kind is ReportKind.Revenue or ReportKind.TopProductsByRevenue ? " --source commerce" : "");
}
