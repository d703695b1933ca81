namespace Facet.SchemaRegistry.Compatibility;

/// <summary>Thrown inside a registration to refuse a schema (rolls the store's transaction back); the handler answers 409.</summary>
internal sealed class IncompatibleSchemaException(IReadOnlyList<string> problems) : Exception(string.Join("; ", problems))
{
    public IReadOnlyList<string> Problems { get; } = problems;
}
