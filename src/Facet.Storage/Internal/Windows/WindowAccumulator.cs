using Facet.Storage.Windows;

namespace Facet.Storage.Internal.Windows;

/// <summary>
/// One window and key's contribution from one batch: partial aggregates that the window_write script merges into the
/// stored ones. A bulk import creates one per window and key (1.7M per 1M imported orders), and each lives until its
/// batch commits, so it holds no more than it needs: its aggregates' fields come resolved (<see cref="FieldsOf"/>, once
/// per definition and batch, not a dictionary look-up per row and aggregate), and a distinct count's member set is made
/// by its first member (a set per aggregate and window made ~5M sets per 1M orders, most never used).
/// </summary>
internal sealed class WindowAccumulator(WindowDefinition definition, WindowField?[] fields)
{
    private readonly Partial[] _partials = NewPartials(definition.Aggregates.Count);

    /// <summary>The batch changed this window after the watermark had passed its end (within lateness, or applied anyway).</summary>
    public bool LateRevision { get; set; }

    /// <summary>The window was already final before this batch (a late event applied anyway created it): stored as final.</summary>
    public bool AlreadyFinal { get; set; }

    public IReadOnlyList<Partial> Partials => _partials;

    /// <summary>The source field of each of <paramref name="definition"/>'s aggregates, in order (null: a row count).</summary>
    public static WindowField?[] FieldsOf(WindowDefinition definition, WindowSource source) =>
        [.. definition.Aggregates.Select(a => a.Field is null ? null : source.Fields[a.Field])];

    public void Add(object row)
    {
        for (var i = 0; i < _partials.Length; i++)
        {
            var aggregate = definition.Aggregates[i];
            var p = _partials[i];
            if (fields[i] is not { } field)
            {
                p.Count++;
                continue;
            }

            var value = field.Read(row);
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
                    p.AddMember(value.AsText()!);
                    break;
            }
        }
    }

    private static Partial[] NewPartials(int count)
    {
        var partials = new Partial[count];
        for (var i = 0; i < partials.Length; i++)
        {
            partials[i] = new Partial();
        }

        return partials;
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

        private HashSet<string>? _members;

        /// <summary>A distinct count's members (empty for the other functions).</summary>
        public IReadOnlyCollection<string> Members => _members ?? (IReadOnlyCollection<string>)[];

        public void AddMember(string member) => (_members ??= new HashSet<string>(StringComparer.Ordinal)).Add(member);
    }
}
