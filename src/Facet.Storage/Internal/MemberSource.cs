using System.Runtime.CompilerServices;

namespace Facet.Storage.Internal;

/// <summary>
/// What alone determines an event's member of a dimension within a batch (<see cref="Dimension.KeySource"/>): one or two
/// objects an event shares with others — an enrichment result from the enricher's caches, a text the parser handed out
/// for a recent value — so a batch computes each distinct natural key once instead of joining its text for every event.
/// </summary>
internal readonly record struct MemberSource(object? First, object? Second = null)
{
    /// <summary>Equal when both parts are the same instances: instances with equal contents only cost a second lookup of the same key.</summary>
    public static IEqualityComparer<MemberSource> ByReference { get; } = new ReferenceComparer();

    /// <summary>Equal when both parts are equal (<see cref="object.Equals(object?)"/>): for sources copied per event with the same values.</summary>
    public static IEqualityComparer<MemberSource> ByValue { get; } = new ValueComparer();

    private sealed class ReferenceComparer : IEqualityComparer<MemberSource>
    {
        public bool Equals(MemberSource x, MemberSource y) => ReferenceEquals(x.First, y.First) && ReferenceEquals(x.Second, y.Second);

        public int GetHashCode(MemberSource source) =>
            HashCode.Combine(RuntimeHelpers.GetHashCode(source.First), RuntimeHelpers.GetHashCode(source.Second));
    }

    private sealed class ValueComparer : IEqualityComparer<MemberSource>
    {
        public bool Equals(MemberSource x, MemberSource y) => object.Equals(x.First, y.First) && object.Equals(x.Second, y.Second);

        public int GetHashCode(MemberSource source) => HashCode.Combine(source.First, source.Second);
    }
}
