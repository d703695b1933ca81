namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// What the commerce KPI cards are asked for: a day (a date, <c>today</c> or <c>latest</c> — the local day of the newest
/// commerce event, as for the commerce reports) in a time zone, and optionally one product category and one customer
/// home country, matched as the commerce reports match them (without regard to case; a country also by its ISO code).
/// The pickers offer <see cref="CommerceKpis.Categories"/> and <see cref="CommerceKpis.Countries"/>.
/// </summary>
public sealed record CommerceKpiQuery(ReportDate Date, string TimeZone, string? Category = null, string? Country = null)
{
    /// <summary>Every field that changes the answer, for cache keys: free text escaped so no two queries share a key.</summary>
    public string Describe() =>
        $"{Date}|{Uri.EscapeDataString(TimeZone)}|{(Category is null ? "" : "=" + Uri.EscapeDataString(Category))}|{(Country is null ? "" : "=" + Uri.EscapeDataString(Country))}";
}
