namespace Facet.Storage.Reports;

/// <summary>Which tables answered a report.</summary>
public enum ReportSourceKind
{
    /// <summary>The UTC-hour rollups: any time zone whose offsets that day are whole hours.</summary>
    Rollups = 0,

    /// <summary>fact_events, for zones with a non-whole-hour offset (Asia/Kolkata, Australia/Adelaide…).</summary>
    Facts,

    /// <summary>No day with views exists yet: nothing was read.</summary>
    Empty,
}
