namespace Facet.Storage.Registry;

/// <summary>A schema the registry holds: its global id, type (AVRO) and text.</summary>
public sealed record StoredSchema(int Id, string SchemaType, string Text);
