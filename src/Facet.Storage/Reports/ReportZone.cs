namespace Facet.Storage.Reports;

/// <summary>
/// Day and hour arithmetic in the reporting time zone. A local day is the UTC range [start, next start); it has 23,
/// 24 or 25 hours around DST changes, and each UTC instant belongs to exactly one local hour.
/// </summary>
internal sealed class ReportZone
{
    private static readonly TimeSpan Step = TimeSpan.FromMinutes(15);

    private ReportZone(TimeZoneInfo zone, string id)
    {
        Zone = zone;
        Id = id;
    }

    public TimeZoneInfo Zone { get; }

    public string Id { get; }

    public static ReportZone Find(string? id)
    {
        var name = string.IsNullOrWhiteSpace(id) ? "UTC" : id.Trim();
        try
        {
            return new ReportZone(TimeZoneInfo.FindSystemTimeZoneById(name), name);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new ReportOptionsException($"unknown time zone '{name}': use an IANA name such as UTC, Europe/Berlin or America/Santiago");
        }
    }

    public DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateOnly LocalDate(DateTime utc) => DateOnly.FromDateTime(ToLocal(utc));

    public int LocalHour(DateTime utc) => ToLocal(utc).Hour;

    /// <summary>The first UTC instant whose local date is <paramref name="day"/> (local midnight, or the DST jump past it).</summary>
    public DateTime StartOfDayUtc(DateOnly day)
    {
        var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // Offsets lie within ±14 h and change on quarter-hour UTC boundaries: scan those for the first local time ≥ midnight.
        var utc = DateTime.SpecifyKind(midnight.AddHours(-15), DateTimeKind.Utc);
        utc = new DateTime(utc.Ticks - (utc.Ticks % Step.Ticks), DateTimeKind.Utc);
        while (ToLocal(utc) < midnight)
        {
            utc += Step;
        }

        var previous = utc - Step;
        var candidate = DateTime.SpecifyKind(midnight - Zone.GetUtcOffset(utc), DateTimeKind.Utc);
        return candidate > previous && candidate <= utc && ToLocal(candidate) == midnight ? candidate : utc;
    }

    /// <summary>[start, end) in UTC of a local day.</summary>
    public (DateTime Start, DateTime End) DayRange(DateOnly day) => (StartOfDayUtc(day), StartOfDayUtc(day.AddDays(1)));

    /// <summary>True when every instant of [start, end) has a whole-hour offset, so UTC hour buckets map onto local hours.</summary>
    public bool IsWholeHours(DateTime start, DateTime end)
    {
        if (start.Ticks % TimeSpan.TicksPerHour != 0 || end.Ticks % TimeSpan.TicksPerHour != 0)
        {
            return false;
        }

        for (var t = start; t < end; t = t.AddHours(1))
        {
            if (Zone.GetUtcOffset(t).Ticks % TimeSpan.TicksPerHour != 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// True when [start, end) is a whole number of UTC quarter hours and the zone's offset is a multiple of 15 minutes
    /// at each of them, so every quarter lies in one local hour: the session rollup's grain (V010) serves the period.
    /// </summary>
    public bool IsQuarterAligned(DateTime start, DateTime end)
    {
        if (start.Ticks % Step.Ticks != 0 || end.Ticks % Step.Ticks != 0)
        {
            return false;
        }

        for (var t = start; t < end; t += Step)
        {
            if (Zone.GetUtcOffset(t).Ticks % Step.Ticks != 0)
            {
                return false;
            }
        }

        return true;
    }
}
