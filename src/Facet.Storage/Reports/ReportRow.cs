namespace Facet.Storage.Reports;

/// <summary>One row of a report; <see cref="Values"/> line up with <see cref="ReportCatalog.ColumnsOf"/>.</summary>
public abstract record ReportRow
{
    public abstract IReadOnlyList<object?> Values { get; }
}
