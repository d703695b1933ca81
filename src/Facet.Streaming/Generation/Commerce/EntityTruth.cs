namespace Facet.Streaming.Generation.Commerce;

/// <summary>
/// What the decoders must make of one topic's messages: how many they accept (valid first sends, late ones included,
/// plus duplicates) and reject (by reason code), and the totals of the valid first sends.
/// </summary>
public sealed class EntityTruth
{
    public long Messages { get; internal set; }

    /// <summary>Valid first sends (entity versions and late events included): what remains after exact-copy dedup.</summary>
    public long Valid { get; internal set; }

    public long Late { get; internal set; }

    public long Duplicates { get; internal set; }

    public long Malformed { get; internal set; }

    /// <summary>Messages the decoders accept: <see cref="Valid"/> + <see cref="Duplicates"/>.</summary>
    public long Accepted => Valid + Duplicates;

    public SortedDictionary<string, long> Rejections { get; } = new(StringComparer.Ordinal);

    /// <summary>Orders: lines, units and the sum of stated totals over valid orders; views: summed seconds.</summary>
    public long Lines { get; internal set; }

    public long Units { get; internal set; }

    public decimal Amount { get; internal set; }

    /// <summary>Valid orders whose stated total does not add up (kept with the data-quality flag).</summary>
    public long TotalMismatches { get; internal set; }

    public double DurationSeconds { get; internal set; }
}
