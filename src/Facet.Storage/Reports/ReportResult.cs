namespace Facet.Storage.Reports;

/// <summary>A computed report: the resolved day (latest/today made concrete), the zone, where it was read from, and its rows.</summary>
// Immutable (never changed after it is built): caches may hand the same instance to every reader without a copy.
[System.ComponentModel.ImmutableObject(true)]
public sealed record ReportResult(
    ReportKind Kind,
    DateOnly? Day,
    string TimeZone,
    ReportSourceKind Source,
    IReadOnlyList<ReportRow> Rows)
{
    public string Name => ReportCatalog.NameOf(Kind);

    /// <summary>The exclusive end of a range of days (<see cref="Day"/> is its first); null for one day.</summary>
    public DateOnly? Until { get; init; }

    /// <summary>The columns when they differ from the catalog's (a breakdown names the first column; a rate table adds rate_dates).</summary>
    public IReadOnlyList<string>? ColumnNames { get; init; }

    /// <summary>What else the numbers depend on, for people: the funnel and its window, the rate file and base currency.</summary>
    public string? Detail { get; init; }

    public IReadOnlyList<string> Columns => ColumnNames ?? ReportCatalog.ColumnsOf(Kind);
}
