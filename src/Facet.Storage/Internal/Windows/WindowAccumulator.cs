using Facet.Storage.Windows;

namespace Facet.Storage.Internal.Windows;

/// <summary>One window and key's contribution from one batch: partial aggregates that the window_write script merges into the stored ones.</summary>
internal sealed class WindowAccumulator(WindowDefinition definition, WindowSource source)
{
    private readonly Partial[] _partials = [.. definition.Aggregates.Select(static _ => new Partial())];

    /// <summary>The batch changed this window after the watermark had passed its end (within lateness, or applied anyway).</summary>
    public bool LateRevision { get; set; }

    /// <summary>The window was already final before this batch (a late event applied anyway created it): stored as final.</summary>
    public bool AlreadyFinal { get; set; }

    public IReadOnlyList<Partial> Partials => _partials;

    public void Add(object row)
    {
        for (var i = 0; i < _partials.Length; i++)
        {
            var aggregate = definition.Aggregates[i];
            var p = _partials[i];
            if (aggregate.Field is null)
            {
                p.Count++;
                continue;
            }

            var value = source.Fields[aggregate.Field].Read(row);
            if (value.IsNull)
            {
                continue;
            }

            p.Count++;
            switch (aggregate.Function)
            {
                case WindowFunction.Sum or WindowFunction.Avg:
                    p.Sum = (p.Sum ?? 0) + value.Number;
                    break;
                case WindowFunction.Min or WindowFunction.Max:
                    if (value.Number is { } n)
                    {
                        p.Min = p.Min is { } m && m <= n ? m : n;
                        p.Max = p.Max is { } x && x >= n ? x : n;
                    }
                    else if (value.Time is { } t)
                    {
                        p.TimeMin = p.TimeMin is { } m && m <= t ? m : t;
                        p.TimeMax = p.TimeMax is { } x && x >= t ? x : t;
                    }

                    break;
                case WindowFunction.Distinct:
                    p.Members.Add(value.AsText()!);
                    break;
            }
        }
    }

    /// <summary>One aggregate's partial state (the columns of window_aggregate, and the members of a distinct count).</summary>
    internal sealed class Partial
    {
        public long Count { get; set; }

        public decimal? Sum { get; set; }

        public decimal? Min { get; set; }

        public decimal? Max { get; set; }

        public DateTime? TimeMin { get; set; }

        public DateTime? TimeMax { get; set; }

        public HashSet<string> Members { get; } = new(StringComparer.Ordinal);
    }
}
