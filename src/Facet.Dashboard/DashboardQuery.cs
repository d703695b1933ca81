using System.Globalization;
using Facet.Storage.Reports;
using Microsoft.AspNetCore.Http;

namespace Facet.Dashboard;

/// <summary>Report options from a request's query string: date, country, product, tz, include_bots, include_internal, limit, by.</summary>
internal static class DashboardQuery
{
    /// <summary>Parses the query; throws <see cref="ReportOptionsException"/> (→ 400) with one line naming the bad parameter.</summary>
    public static ReportOptions Parse(IQueryCollection query, DashboardOptions defaults)
    {
        if (!ReportDate.TryParse(Value(query, "date"), out var date, out var dateError))
        {
            throw new ReportOptionsException(dateError);
        }

        int? limit = null;
        if (Value(query, "limit") is { } limitText)
        {
            limit = int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var l)
                ? l
                : throw new ReportOptionsException($"limit must be a whole number (got '{limitText}')");
        }

        var by = Value(query, "by")?.ToLowerInvariant() switch
        {
            null or "ip" => CountrySource.Ip,
            "store" => CountrySource.Store,
            var other => throw new ReportOptionsException($"by must be ip or store (got '{other}')"),
        };

        return new ReportOptions
        {
            Date = date,
            TimeZone = Value(query, "tz") ?? defaults.TimeZone,
            Country = Value(query, "country")?.ToUpperInvariant(),
            Product = Value(query, "product"),
            Limit = limit,
            IncludeBots = ParseBool(Value(query, "include_bots"), "include_bots"),
            IncludeInternal = ParseBool(Value(query, "include_internal"), "include_internal"),
            ViewCollections = defaults.ViewCollections,
            CountryBy = by,
        };
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
