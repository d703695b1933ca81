namespace Facet.Storage.Reports;

/// <summary>
/// Rejected messages counted by arrival (<c>received_at</c>) on one day of the time zone, with their reasons. A
/// rejected line has no trustworthy event time, so arrival is the only day it truly has: a backfill of old events
/// shows its rejects on the day it ran. <see cref="Day"/> is null when nothing was ever rejected and the date was
/// <c>latest</c>.
/// </summary>
public sealed record BadEventSummary(
    DateOnly? Day,
    string TimeZone,
    DateTimeOffset? WindowStart,
    DateTimeOffset? WindowEnd,
    long Total,
    IReadOnlyList<BadEventReasonCount> ByReason);
