namespace Facet.Storage.Reports.Commerce;

/// <summary>The <c>--by</c> spellings of <see cref="CommerceBreakdown"/> and which reports accept which.</summary>
public static class CommerceBreakdowns
{
    private static readonly (CommerceBreakdown Value, string Name)[] Names =
    [
        (CommerceBreakdown.None, "all"), (CommerceBreakdown.Hour, "hour"), (CommerceBreakdown.Day, "day"),
        (CommerceBreakdown.Store, "store"), (CommerceBreakdown.Country, "country"), (CommerceBreakdown.Medium, "medium"),
        (CommerceBreakdown.Campaign, "campaign"), (CommerceBreakdown.Device, "device"), (CommerceBreakdown.Browser, "browser"),
    ];

    /// <summary>The spelling, which is also the name of the report's first column.</summary>
    public static string NameOf(CommerceBreakdown breakdown) => Array.Find(Names, n => n.Value == breakdown).Name;

    /// <summary>The breakdowns a report accepts: hour and day split orders or session starts in time, so only <c>revenue</c> and <c>sessions</c> take them.</summary>
    public static IReadOnlyList<string> NamesFor(ReportKind kind) => kind is ReportKind.Revenue or ReportKind.Sessions
        ? [.. Names.Select(n => n.Name)]
        : [.. Names.Where(n => n.Value is not (CommerceBreakdown.Hour or CommerceBreakdown.Day)).Select(n => n.Name)];

    /// <summary>Parses <c>--by</c> for <paramref name="kind"/>; the error lists what it accepts.</summary>
    public static CommerceBreakdown Parse(ReportKind kind, string? text)
    {
        var value = text?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(value))
        {
            return kind is ReportKind.Revenue or ReportKind.Sessions ? CommerceBreakdown.Hour : CommerceBreakdown.None;
        }

        var allowed = NamesFor(kind);
        var match = Array.Find(Names, n => n.Name == value);
        if (match.Name is null || !allowed.Contains(match.Name))
        {
            throw new ReportOptionsException($"--by for {ReportCatalog.NameOf(kind)} must be one of {string.Join(", ", allowed)} (got '{text}')");
        }

        return match.Value;
    }
}
