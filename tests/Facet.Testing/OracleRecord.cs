namespace Facet.Testing;

/// <summary>A record as the oracle sees it: its dedup key, partition, event time and window rows.</summary>
public sealed record OracleRecord(string Key, int Partition, DateTime Time, IReadOnlyList<OracleRow> Rows);
