namespace Facet.Storage.Reports;

/// <summary>One rejected message as <c>bad_events</c> keeps it: when it arrived, where it came from, why, and its raw bytes.</summary>
public sealed record BadEventRecord(
    DateTimeOffset ReceivedAt,
    string Source,
    int Partition,
    long Offset,
    string ReasonCode,
    string Message,
    string? Field,
    ReadOnlyMemory<byte> Raw);
