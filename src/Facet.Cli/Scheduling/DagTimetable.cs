using Cronos;

namespace Facet.Cli.Scheduling;

/// <summary>
/// Airflow's cron timetable: consecutive cron occurrences (in the DAG's time zone, so DST shifts are Cronos's to
/// handle) bound data intervals; a run's logical date is the start of its interval and it is due once the interval has
/// ended. All times are UTC.
/// </summary>
internal sealed class DagTimetable(CronExpression? schedule, TimeZoneInfo zone, DateTimeOffset startDate)
{
    // Windows searched backwards for the latest complete interval (catch-up off), shortest first.
    private static readonly TimeSpan[] LookBack = [TimeSpan.FromHours(2), TimeSpan.FromDays(2), TimeSpan.FromDays(40), TimeSpan.FromDays(400), TimeSpan.FromDays(4000)];

    public bool IsScheduled => schedule is not null;

    /// <summary>The first occurrence strictly after <paramref name="utc"/>.</summary>
    public DateTime? Next(DateTime utc) => schedule?.GetNextOccurrence(utc, zone, inclusive: false);

    /// <summary>
    /// Intervals due at <paramref name="nowUtc"/> that have no scheduled run yet, oldest first. They continue from
    /// <paramref name="latestEnd"/> (the end of the newest scheduled run) or else from the start date; with catch-up
    /// off only the newest complete interval is due (missed ones are skipped, as in Airflow).
    /// </summary>
    public IReadOnlyList<(DateTime Start, DateTime End)> DueIntervals(DateTime? latestEnd, DateTime nowUtc, bool catchup, int max)
    {
        var due = new List<(DateTime, DateTime)>();
        if (schedule is null || FirstStart(latestEnd) is not { } start)
        {
            return due;
        }

        if (!catchup)
        {
            if (LatestCompleteInterval(nowUtc) is { } latest && latest.Start >= start)
            {
                due.Add(latest);
            }

            return due;
        }

        while (due.Count < max && Next(start) is { } end && end <= nowUtc)
        {
            due.Add((start, end));
            start = end;
        }

        return due;
    }

    /// <summary>When the next scheduled run becomes due (it may be in the past: then it is due now); null: never.</summary>
    public DateTime? NextDueAt(DateTime? latestEnd, DateTime nowUtc, bool catchup)
    {
        if (schedule is null || FirstStart(latestEnd) is not { } start)
        {
            return null;
        }

        if (catchup)
        {
            return Next(start);
        }

        if (LatestCompleteInterval(nowUtc) is { } latest && latest.Start >= start)
        {
            return latest.End;
        }

        // The current interval (or the first one, when the start date is still ahead) ends next.
        return Next(start > nowUtc ? start : nowUtc);
    }

    /// <summary>The data interval of a manual run at <paramref name="logicalUtc"/>: up to the next occurrence (a point for unscheduled DAGs).</summary>
    public (DateTime Start, DateTime End) ManualInterval(DateTime logicalUtc) => (logicalUtc, Next(logicalUtc) ?? logicalUtc);

    /// <summary>The intervals whose start (the logical date) lies in [from, to].</summary>
    public IReadOnlyList<(DateTime Start, DateTime End)> Between(DateTime fromUtc, DateTime toUtc)
    {
        var intervals = new List<(DateTime, DateTime)>();
        if (schedule is null)
        {
            return intervals;
        }

        foreach (var occurrence in schedule.GetOccurrences(fromUtc, toUtc, zone, fromInclusive: true, toInclusive: true))
        {
            if (Next(occurrence) is { } end)
            {
                intervals.Add((occurrence, end));
            }
        }

        return intervals;
    }

    private DateTime? FirstStart(DateTime? latestEnd) =>
        latestEnd ?? schedule!.GetNextOccurrence(startDate.UtcDateTime, zone, inclusive: true);

    private (DateTime Start, DateTime End)? LatestCompleteInterval(DateTime nowUtc)
    {
        foreach (var window in LookBack)
        {
            DateTime? previous = null;
            DateTime? last = null;
            foreach (var occurrence in schedule!.GetOccurrences(nowUtc - window, nowUtc, zone, fromInclusive: true, toInclusive: true))
            {
                previous = last;
                last = occurrence;
            }

            if (previous is { } start && last is { } end)
            {
                return (start, end);
            }
        }

        return null;
    }
}
