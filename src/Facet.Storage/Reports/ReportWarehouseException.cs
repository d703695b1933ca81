namespace Facet.Storage.Reports;

/// <summary>The warehouse cannot be read (missing, locked by another process). The message is one line naming the fix.</summary>
public sealed class ReportWarehouseException(string message, Exception? inner = null) : Exception(message, inner);
