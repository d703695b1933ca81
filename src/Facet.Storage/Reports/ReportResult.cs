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

    public IReadOnlyList<string> Columns => ReportCatalog.ColumnsOf(Kind);
}
