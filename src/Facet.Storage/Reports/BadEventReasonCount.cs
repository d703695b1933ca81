namespace Facet.Storage.Reports;

/// <summary>How many rejected messages arrived with one reason code (docs/events.md lists the codes).</summary>
public sealed record BadEventReasonCount(string ReasonCode, long Events);
