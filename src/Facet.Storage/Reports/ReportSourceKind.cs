namespace Facet.Storage.Reports;

/// <summary>Which tables answered a report.</summary>
public enum ReportSourceKind
{
    /// <summary>
    /// The UTC-hour rollups: any time zone whose offsets that day are whole hours; for sessions and conversion the
    /// session rollup (V010), for the stored funnels funnel_progress (V014).
    /// </summary>
    Rollups = 0,

    /// <summary>fact_events, for zones with a non-whole-hour offset (Asia/Kolkata, Australia/Adelaide…).</summary>
    Facts,

    /// <summary>No day with views exists yet: nothing was read.</summary>
    Empty,

    /// <summary>
    /// The daily rollups of the request's time zone (top products, countries, store views), when a loader with that
    /// reporting time zone wrote every fact of the day (issue 9).
    /// </summary>
    DailyRollups,
}
