namespace Facet.Testing;

/// <summary>One window row of a record: its id (late examples), its value of the definitions' one key (unused without keys) and its fields by name.</summary>
public sealed record OracleRow(string Id, string?[] Key, IReadOnlyDictionary<string, object?> Fields);
