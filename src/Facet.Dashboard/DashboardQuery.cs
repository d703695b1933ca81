using System.Globalization;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;
using Facet.Storage.Reports.Shop;
using Microsoft.AspNetCore.Http;

namespace Facet.Dashboard;

/// <summary>Report options from a request's query string: date (or from and to), country, product, tz, source, category, by_units, include_bots, include_internal, limit, by, funnel, mode, window, funnel_by.</summary>
internal static class DashboardQuery
{
    /// <summary>
    /// Parses the query for <paramref name="kind"/> (null: the KPIs and the live page, where <c>funnel</c> and
    /// <c>funnel_by</c> pick the funnel panel's funnel and breakdown); throws <see cref="ReportOptionsException"/>
    /// (→ 400) with one line naming the bad parameter. <c>by</c> is ip|store for top-countries and the breakdown of
    /// revenue, conversion and funnel; <c>funnel</c>, <c>mode</c> and <c>window</c> shape the funnel report.
    /// </summary>
    public static ReportOptions Parse(IQueryCollection query, DashboardOptions defaults, ReportKind? kind = null)
    {
        var (date, until) = ReportPeriods.Parse(Value(query, "date"), Value(query, "from"), Value(query, "to"), prefix: "");

        int? limit = null;
        if (Value(query, "limit") is { } limitText)
        {
            limit = int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var l)
                ? l
                : throw new ReportOptionsException($"limit must be a whole number (got '{limitText}')");
        }

        var source = kind is { } k ? ShopFlags.ParseSource(k, Value(query, "source")) : SalesSource.Clickstream;
        var shop = kind is { } s && ShopFlags.IsShop(s, source);
        var commerce = shop || kind is { } c && ReportCatalog.IsClickstreamCommerce(c);
        var by = commerce ? CountrySource.Ip : Value(query, "by")?.ToLowerInvariant() switch
        {
            null or "ip" => CountrySource.Ip,
            "store" => CountrySource.Store,
            var other => throw new ReportOptionsException($"by must be ip or store (got '{other}')"),
        };

        var options = new ReportOptions
        {
            Date = date,
            Until = until,
            TimeZone = Value(query, "tz") ?? defaults.TimeZone,
            Country = Value(query, "country")?.ToUpperInvariant(),
            Product = Value(query, "product"),
            Limit = limit,
            IncludeBots = ParseBool(Value(query, "include_bots"), "include_bots"),
            IncludeInternal = ParseBool(Value(query, "include_internal"), "include_internal"),
            ViewCollections = defaults.ViewCollections,
            CountryBy = by,
            Fx = defaults.Fx,
        };
        if (kind is null)
        {
            return options with
            {
                Breakdown = CommerceBreakdowns.Parse(ReportKind.Funnel, Value(query, "funnel_by")),
                Funnel = defaults.Funnels.Find(Value(query, "funnel")),
            };
        }

        if (shop)
        {
            // The dashboard's --fx is for the clickstream revenue; commerce amounts stay in their currencies.
            return ShopFlags.Apply(options with { Fx = null }, kind!.Value, source, Value(query, "by"), Value(query, "category"), ParseBool(Value(query, "by_units"), "by_units"));
        }

        ShopFlags.Validate(kind!.Value, options with { Category = Value(query, "category"), ByUnits = ParseBool(Value(query, "by_units"), "by_units") });
        if (!commerce)
        {
            return options;
        }

        if (kind == ReportKind.TopProductsByRevenue && Value(query, "by") is { } rankBy)
        {
            throw new ReportOptionsException($"top-products-by-revenue has no by (got '{rankBy}'): it ranks products within each currency");
        }

        options = options with { Breakdown = kind == ReportKind.TopProductsByRevenue ? null : CommerceBreakdowns.Parse(kind.Value, Value(query, "by")) };
        if (kind != ReportKind.Funnel)
        {
            return options;
        }

        var funnel = defaults.Funnels.Find(Value(query, "funnel"));
        if (Value(query, "mode") is { } mode)
        {
            funnel = funnel with
            {
                Mode = mode.ToLowerInvariant() switch
                {
                    "strict" => FunnelMode.Strict,
                    "any" or "any-order" => FunnelMode.AnyOrder,
                    _ => throw new ReportOptionsException($"mode must be strict or any (got '{mode}')"),
                },
            };
        }

        if (Value(query, "window") is { } window)
        {
            funnel = funnel with { Window = FunnelCatalog.ParseWindow("window", funnel.Name, window) };
            funnel.Validate();
        }

        return options with { Funnel = funnel };
    }

    private static string? Value(IQueryCollection query, string name) =>
        query.TryGetValue(name, out var values) && values.Count > 0 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;

    private static bool ParseBool(string? value, string name) => value?.ToLowerInvariant() switch
    {
        null or "false" or "0" or "no" or "off" => false,
        "true" or "1" or "yes" or "on" => true,
        _ => throw new ReportOptionsException($"{name} must be true or false (got '{value}')"),
    };
}
