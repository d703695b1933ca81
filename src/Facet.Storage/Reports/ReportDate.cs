using System.Globalization;

namespace Facet.Storage.Reports;

/// <summary>Which day a report covers: <c>today</c>, <c>latest</c> (the most recent day with views) or a fixed date.</summary>
public readonly record struct ReportDate
{
    private ReportDate(ReportDateKind kind, DateOnly day)
    {
        Kind = kind;
        Day = day;
    }

    public ReportDateKind Kind { get; }

    /// <summary>The fixed day when <see cref="Kind"/> is <see cref="ReportDateKind.Day"/>.</summary>
    public DateOnly Day { get; }

    public static ReportDate Today { get; } = new(ReportDateKind.Today, default);

    public static ReportDate Latest { get; } = new(ReportDateKind.Latest, default);

    public static ReportDate On(DateOnly day) => new(ReportDateKind.Day, day);

    /// <summary>Parses <c>today</c>, <c>latest</c> or <c>YYYY-MM-DD</c>; the error names the accepted forms.</summary>
    public static bool TryParse(string? text, out ReportDate date, out string error)
    {
        error = "";
        date = Latest;
        var value = text?.Trim() ?? "";
        if (value.Length == 0 || value.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (value.Equals("today", StringComparison.OrdinalIgnoreCase))
        {
            date = Today;
            return true;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            date = On(day);
            return true;
        }

        error = $"date must be today, latest or YYYY-MM-DD (got '{text}')";
        return false;
    }

    public override string ToString() => Kind switch
    {
        ReportDateKind.Today => "today",
        ReportDateKind.Latest => "latest",
        _ => Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };
}
