namespace Facet.Storage.Reports;

/// <summary>How a <see cref="ReportDate"/> names its day.</summary>
public enum ReportDateKind
{
    Latest = 0,
    Today,
    Day,
}
