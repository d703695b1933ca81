namespace Facet.Storage.Internal.Commerce;

/// <summary>A commerce stream's records after the in-batch dedup: one per entity key, sorted by it.</summary>
internal sealed class PreparedRecords<TRecord>(List<TRecord> rows, int inBatchDuplicates)
    where TRecord : class
{
    public List<TRecord> Rows { get; } = rows;

    /// <summary>Records dropped because an earlier (or, for versioned dimensions, newer) one had the same key.</summary>
    public int InBatchDuplicates { get; } = inBatchDuplicates;
}
