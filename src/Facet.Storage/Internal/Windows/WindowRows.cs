namespace Facet.Storage.Internal.Windows;

/// <summary>
/// The rows of one record for a window source (<see cref="WindowSource.Rows"/>): the record itself, or the rows an
/// expanding source makes of it (an order's lines). A struct with a struct enumerator, so a one-row record costs no
/// one-element array per record and definition: the window step enumerates every record of a batch once per
/// definition it feeds (BENCHMARKS.md, issue 18).
/// </summary>
internal readonly struct WindowRows(object record, Func<object, IEnumerable<object>>? expand)
{
    public Enumerator GetEnumerator() => new(record, expand?.Invoke(record).GetEnumerator());

    /// <summary>Yields the record once, or the expansion's rows.</summary>
    internal struct Enumerator : IDisposable
    {
        private readonly object _record;
        private readonly IEnumerator<object>? _rows;
        private bool _started;

        public Enumerator(object record, IEnumerator<object>? rows)
        {
            _record = record;
            _rows = rows;
            Current = record;
        }

        public object Current { get; private set; }

        public bool MoveNext()
        {
            if (_rows is not null)
            {
                if (!_rows.MoveNext())
                {
                    return false;
                }

                Current = _rows.Current;
                return true;
            }

            if (_started)
            {
                return false;
            }

            _started = true;
            Current = _record;
            return true;
        }

        public readonly void Dispose() => _rows?.Dispose();
    }
}
