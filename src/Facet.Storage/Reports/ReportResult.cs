namespace Facet.Storage.Reports;

/// <summary>A computed report: the resolved day (latest/today made concrete), the zone, where it was read from, and its rows.</summary>
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
