namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// The funnels the batch transaction keeps in <c>funnel_progress</c> (V014), by their id there: the built-in shop funnel
/// in both modes. A report whose funnel equals one of them step for step, window and mode (whatever its name) reads the
/// table; any other funnel — a <c>--funnels</c> file's, or the shop funnel with another <c>--window</c> — reads the
/// facts. Changing a definition here needs a migration that empties its rows and queues every device for the back-fill.
/// </summary>
internal static class StoredFunnels
{
    public static IReadOnlyList<(int Id, FunnelDefinition Funnel)> All { get; } =
    [
        (1, FunnelDefinition.Shop),
        (2, FunnelDefinition.Shop with { Mode = FunnelMode.AnyOrder }),
    ];

    /// <summary>The longest window: how far before a device's earliest new event its progress rows must be rebuilt.</summary>
    public static TimeSpan LongestWindow { get; } = All.Max(f => f.Funnel.Window);

    /// <summary>Every step collection of the stored funnels: the facts the writer reads.</summary>
    public static IReadOnlyList<string> Collections { get; } =
        [.. All.SelectMany(f => f.Funnel.Steps).Select(s => s.Collection).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Each stored funnel's step collections, once per funnel: what the writer stages for its scripts.</summary>
    public static IReadOnlyList<(int FunnelId, string Collection)> StepCollections { get; } =
        [.. All.SelectMany(f => f.Funnel.Steps.Select(s => s.Collection).Distinct(StringComparer.Ordinal).Select(c => (f.Id, c)))];

    /// <summary>The id of the stored funnel that counts exactly like <paramref name="funnel"/>, or null.</summary>
    public static int? IdOf(FunnelDefinition funnel)
    {
        foreach (var (id, stored) in All)
        {
            if (stored.Mode == funnel.Mode && stored.Window == funnel.Window && stored.Steps.SequenceEqual(funnel.Steps))
            {
                return id;
            }
        }

        return null;
    }
}
