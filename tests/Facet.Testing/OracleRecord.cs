namespace Facet.Testing;

/// <summary>
/// A record as the oracle sees it: its dedup key, partition, event time and window rows; <paramref name="Fresh"/> false
/// for one that moves the watermark but contributes nothing (a versioned record no newer than the stored version).
/// </summary>
public sealed record OracleRecord(string Key, int Partition, DateTime Time, IReadOnlyList<OracleRow> Rows, bool Fresh = true);
