namespace Facet.Storage.Reports;

/// <summary>A report option that cannot be used (unknown zone, missing country…). The message is one line naming the fix.</summary>
public sealed class ReportOptionsException(string message) : Exception(message);
