namespace Facet.SchemaRegistry.Compatibility;

/// <summary>The wire names of <see cref="CompatibilityLevel"/> (BACKWARD, FULL_TRANSITIVE, …).</summary>
public static class CompatibilityLevels
{
    public const CompatibilityLevel Default = CompatibilityLevel.Backward;

    public static string Name(CompatibilityLevel level) => level switch
    {
        CompatibilityLevel.None => "NONE",
        CompatibilityLevel.Backward => "BACKWARD",
        CompatibilityLevel.BackwardTransitive => "BACKWARD_TRANSITIVE",
        CompatibilityLevel.Forward => "FORWARD",
        CompatibilityLevel.ForwardTransitive => "FORWARD_TRANSITIVE",
        CompatibilityLevel.Full => "FULL",
        CompatibilityLevel.FullTransitive => "FULL_TRANSITIVE",
        _ => throw new ArgumentOutOfRangeException(nameof(level), level, null),
    };

    public static bool TryParse(string? name, out CompatibilityLevel level)
    {
        foreach (var candidate in Enum.GetValues<CompatibilityLevel>())
        {
            if (string.Equals(Name(candidate), name?.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                level = candidate;
                return true;
            }
        }

        level = Default;
        return false;
    }

    public static string AllNames => string.Join(", ", Enum.GetValues<CompatibilityLevel>().Select(Name));
}
