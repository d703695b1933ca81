namespace Facet.Storage.Reports;

/// <summary>
/// The dashboard's KPI cards for one day: views in the window vs the same window the day before (up to the same local
/// time when the day is today, <see cref="IsToday"/>), distinct devices with any event, the share of views from bots,
/// and rejected (bad) events received in the window.
/// </summary>
// Immutable (never changed after it is built): caches may hand the same instance to every reader without a copy.
[System.ComponentModel.ImmutableObject(true)]
public sealed record KpiSnapshot(
    DateOnly? Day,
    bool IsToday,
    string TimeZone,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    long Views,
    long ViewsPrevious,
    long UniqueDevices,
    double BotShare,
    long BadEvents);
