namespace Facet.Storage.Internal;

/// <summary>
/// Known dimension keys (natural_key → surrogate key) per dimension. Keys learnt inside a transaction stay pending
/// until it commits, so a rolled-back batch never leaves the cache pointing at rows that do not exist.
/// Single-threaded: the warehouse serialises writers.
/// </summary>
internal sealed class DimensionCache
{
    /// <summary>A dimension's cache is cleared (and refilled on demand) past this many entries, bounding memory.</summary>
    public const int MaxEntriesPerDimension = 500_000;

    private readonly Dictionary<string, int>[] _committed = new Dictionary<string, int>[Dimension.Count];
    private readonly Dictionary<string, int>[] _pending = new Dictionary<string, int>[Dimension.Count];

    public DimensionCache()
    {
        for (var i = 0; i < Dimension.Count; i++)
        {
            _committed[i] = new Dictionary<string, int>(StringComparer.Ordinal);
            _pending[i] = new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    public bool TryGet(int dimension, string naturalKey, out int key) =>
        _committed[dimension].TryGetValue(naturalKey, out key) || _pending[dimension].TryGetValue(naturalKey, out key);

    public bool IsCommitted(int dimension, string naturalKey) => _committed[dimension].ContainsKey(naturalKey);

    public void AddPending(int dimension, string naturalKey, int key) => _pending[dimension][naturalKey] = key;

    public void Commit()
    {
        for (var i = 0; i < Dimension.Count; i++)
        {
            var committed = _committed[i];
            if (committed.Count + _pending[i].Count > MaxEntriesPerDimension)
            {
                committed.Clear();
            }

            foreach (var (naturalKey, key) in _pending[i])
            {
                committed[naturalKey] = key;
            }

            _pending[i].Clear();
        }
    }

    public void Rollback()
    {
        foreach (var pending in _pending)
        {
            pending.Clear();
        }
    }

    /// <summary>Forgets everything (e.g. after a failure whose effect on the database is unknown).</summary>
    public void Clear()
    {
        Rollback();
        foreach (var committed in _committed)
        {
            committed.Clear();
        }
    }
}
