using System.Collections.Concurrent;

namespace Facet.Core.Enrichment.Internal;

/// <summary>
/// A thread-safe cache holding at most 2 × capacity entries: two generations of a concurrent dictionary. When the
/// young one fills it becomes the old one and the previous old one is dropped; hits in the old generation are
/// promoted, so what is used often survives. No per-hit bookkeeping: a hit is one dictionary lookup.
/// </summary>
internal sealed class BoundedCache<TKey, TValue>
    where TKey : notnull
{
    private readonly int _capacity;
    private readonly IEqualityComparer<TKey>? _comparer;
    private readonly Lock _rotateGate = new();
    private ConcurrentDictionary<TKey, TValue> _young;
    private ConcurrentDictionary<TKey, TValue> _old;
    private int _youngCount;

    public BoundedCache(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _comparer = comparer;
        _young = New();
        _old = New();
    }

    public int Capacity => _capacity;

    /// <summary>Entries held now (young + old); at most 2 × <see cref="Capacity"/> plus concurrent inserts in flight.</summary>
    public int Count => _young.Count + _old.Count;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_young.TryGetValue(key, out value!))
        {
            return true;
        }

        if (_old.TryGetValue(key, out value!))
        {
            Add(key, value);
            return true;
        }

        return false;
    }

    /// <summary>
    /// A look-up by another form of the key (a string key's chars) through the comparer's alternate comparison, so a hit
    /// makes no key object; the comparer given to the constructor must support it (<c>StringComparer.Ordinal</c> does).
    /// </summary>
    public bool TryGet<TAlternateKey>(TAlternateKey key, out TValue value)
        where TAlternateKey : notnull, allows ref struct
    {
        if (_young.GetAlternateLookup<TAlternateKey>().TryGetValue(key, out value!))
        {
            return true;
        }

        if (_old.GetAlternateLookup<TAlternateKey>().TryGetValue(key, out var stored, out value!))
        {
            Add(stored, value);
            return true;
        }

        return false;
    }

    public TValue GetOrAdd<TState>(TKey key, Func<TKey, TState, TValue> create, TState state)
    {
        if (TryGet(key, out var value))
        {
            return value;
        }

        value = create(key, state);
        Add(key, value);
        return value;
    }

    public void Clear()
    {
        lock (_rotateGate)
        {
            _young = New();
            _old = New();
            _youngCount = 0;
        }
    }

    private void Add(TKey key, TValue value)
    {
        if (_young.TryAdd(key, value) && Interlocked.Increment(ref _youngCount) >= _capacity)
        {
            lock (_rotateGate)
            {
                if (Volatile.Read(ref _youngCount) >= _capacity)
                {
                    _old = _young;
                    _young = New();
                    _youngCount = 0;
                }
            }
        }
    }

    private ConcurrentDictionary<TKey, TValue> New() =>
        _comparer is null ? new ConcurrentDictionary<TKey, TValue>() : new ConcurrentDictionary<TKey, TValue>(_comparer);
}
