namespace Facet.Storage.Reports;

/// <summary>
/// The dashboard's KPI cards for one day: views in the window vs the same window the day before (up to the same local
/// time when the day is today), distinct devices, the share of views from bots, and rejected (bad) events received.
/// </summary>
public sealed record KpiSnapshot(
    DateOnly? Day,
    string TimeZone,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long Views,
    long ViewsPrevious,
    long UniqueDevices,
    double BotShare,
    long BadEvents);
