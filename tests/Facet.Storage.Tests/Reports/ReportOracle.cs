using Facet.Core.Enrichment;
using Facet.Storage.Reports;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// The report definitions computed directly over the raw events with LINQ and TimeZoneInfo: what every report must
/// equal, whichever tables answered it.
/// </summary>
internal static class ReportOracle
{
    /// <summary>The six view reports this oracle recounts (revenue, conversion and funnels: <see cref="CommerceOracle"/>).</summary>
    public static readonly ReportKind[] ViewKinds =
        [ReportKind.TopProducts, ReportKind.TopCountries, ReportKind.TopReferrers, ReportKind.StoreViews, ReportKind.HourlyProductViews, ReportKind.HourlyBrowserOs];

    public static List<ReportRow> Run(IReadOnlyList<EnrichedEvent> events, ReportKind kind, ReportOptions options, DateOnly day)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var views = Views(events, options).Where(e => LocalDate(e, zone) == day).ToList();
        var limit = options.Limit ?? ReportCatalog.DefaultLimitOf(kind) ?? int.MaxValue;
        return kind switch
        {
            ReportKind.TopProducts => views.Where(e => e.Event.ProductId is not null)
                .GroupBy(e => e.Event.ProductId!, StringComparer.Ordinal)
                .Select(g => (Key: g.Key, Name: g.First().Url.ProductName, Views: (long)g.Count()))
                .OrderByDescending(g => g.Views).ThenBy(g => g.Key, StringComparer.Ordinal).Take(limit)
                .Select((g, i) => (ReportRow)new TopProductRow(i + 1, g.Key, g.Name, g.Views)).ToList(),
            ReportKind.TopCountries => views
                .Select(e => options.CountryBy == CountrySource.Store ? e.Store.CountryCode : e.Location.CountryCode)
                .Where(c => c is not null)
                .GroupBy(c => c!, StringComparer.Ordinal)
                .Select(g => (Key: g.Key, Views: (long)g.Count()))
                .OrderByDescending(g => g.Views).ThenBy(g => g.Key, StringComparer.Ordinal).Take(limit)
                .Select((g, i) => (ReportRow)new TopCountryRow(i + 1, g.Key, CountryNames.Of(g.Key), g.Views)).ToList(),
            ReportKind.TopReferrers => views.Where(e => e.Referrer.Host.Length > 0 && e.Referrer.Host != ReferrerInfo.DirectHost
                    && (options.IncludeInternal || e.Referrer.Medium != ReferrerMedium.Internal))
                .GroupBy(e => e.Referrer.Host, StringComparer.Ordinal)
                .Select(g => (Key: g.Key, Medium: g.First().Referrer.Medium.ToString().ToLowerInvariant(), Views: (long)g.Count()))
                .OrderByDescending(g => g.Views).ThenBy(g => g.Key, StringComparer.Ordinal).Take(limit)
                .Select((g, i) => (ReportRow)new TopReferrerRow(i + 1, g.Key, g.Medium, g.Views)).ToList(),
            ReportKind.StoreViews => views.Where(e => e.Location.CountryCode == options.Country && !(e.Event.StoreId is null && e.Store.Domain is null))
                .GroupBy(e => (e.Event.StoreId, e.Store.Domain))
                .Select(g => (g.Key.StoreId, g.Key.Domain, Views: (long)g.Count()))
                .OrderByDescending(g => g.Views).ThenBy(g => g.StoreId, NullsLast).ThenBy(g => g.Domain, NullsLast).Take(limit)
                .Select(g => (ReportRow)new StoreViewRow(g.StoreId, g.Domain, g.Views)).ToList(),
            ReportKind.HourlyProductViews => Enumerable.Range(0, 24)
                .Select(h => (ReportRow)new HourlyViewRow(h, views.Count(e => e.Event.ProductId == options.Product && LocalHour(e, zone) == h))).ToList(),
            ReportKind.HourlyBrowserOs => views
                .GroupBy(e => (Hour: LocalHour(e, zone), e.UserAgent.Browser, e.UserAgent.Os))
                .OrderBy(g => g.Key.Hour).ThenBy(g => g.Key.Browser, StringComparer.Ordinal).ThenBy(g => g.Key.Os, StringComparer.Ordinal)
                .Select(g => (ReportRow)new HourlyBrowserOsRow(g.Key.Hour, g.Key.Browser, g.Key.Os, g.Count())).ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };
    }

    /// <summary>Which tables answer <paramref name="kind"/> for a zone whose daily rollups are complete: only the whole-day rankings have daily ones.</summary>
    public static ReportSourceKind DailySource(ReportKind kind) =>
        kind is ReportKind.TopProducts or ReportKind.TopCountries or ReportKind.StoreViews ? ReportSourceKind.DailyRollups : ReportSourceKind.Rollups;

    /// <summary>The most recent local date that has views.</summary>
    public static DateOnly? Latest(IReadOnlyList<EnrichedEvent> events, ReportOptions options)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        var views = Views(events, options).ToList();
        return views.Count == 0 ? null : views.Max(e => LocalDate(e, zone));
    }

    public static IEnumerable<EnrichedEvent> Views(IEnumerable<EnrichedEvent> events, ReportOptions options) =>
        events.Where(e => options.ViewCollections.Contains(e.Event.Collection) && (options.IncludeBots || !e.IsBot));

    public static DateOnly LocalDate(EnrichedEvent e, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(e.Event.EventTime, zone).DateTime);

    public static int LocalHour(EnrichedEvent e, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(e.Event.EventTime, zone).Hour;

    private static readonly Comparer<string?> NullsLast = Comparer<string?>.Create(static (a, b) =>
        a is null ? (b is null ? 0 : 1) : b is null ? -1 : string.CompareOrdinal(a, b));
}
