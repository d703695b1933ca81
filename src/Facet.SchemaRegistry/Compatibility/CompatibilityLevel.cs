namespace Facet.SchemaRegistry.Compatibility;

/// <summary>Confluent's compatibility levels; the registry's default is <see cref="Backward"/>.</summary>
public enum CompatibilityLevel
{
    None,
    Backward,
    BackwardTransitive,
    Forward,
    ForwardTransitive,
    Full,
    FullTransitive,
}
