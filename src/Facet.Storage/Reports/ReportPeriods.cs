using System.Globalization;

namespace Facet.Storage.Reports;

/// <summary>The period flags shared by <c>facet report</c> and the API: <c>--date</c>, or a range <c>--from D --to D</c> (end exclusive).</summary>
public static class ReportPeriods
{
    /// <summary>
    /// The day (or a range's first day) and a range's exclusive end; throws <see cref="ReportOptionsException"/> with
    /// one line naming the fix. Whether a report takes a range, and its length, <see cref="ReportService"/> checks.
    /// <paramref name="prefix"/> is how the errors spell a flag: <c>--</c> for the CLI, nothing for the API's parameters.
    /// </summary>
    public static (ReportDate Date, DateOnly? Until) Parse(string? date, string? from, string? to, string prefix = "--")
    {
        if (from is null && to is null)
        {
            return ReportDate.TryParse(date, out var day, out var error) ? (day, null) : throw new ReportOptionsException(prefix + error);
        }

        if (date is not null)
        {
            throw new ReportOptionsException($"use {prefix}date or {prefix}from/{prefix}to, not both (got {prefix}date {date})");
        }

        if (from is null || to is null)
        {
            throw new ReportOptionsException($"a range needs both {prefix}from and {prefix}to (YYYY-MM-DD; the end is exclusive, e.g. {prefix}from 2024-11-01 {prefix}to 2024-11-08 for seven days)");
        }

        return (ReportDate.On(Day(prefix + "from", from)), Day(prefix + "to", to));
    }

    private static DateOnly Day(string flag, string text) =>
        DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw new ReportOptionsException($"{flag} must be a day YYYY-MM-DD (got '{text}')");
}
