namespace Facet.Storage.Registry;

/// <summary>One version of a subject and the schema it names.</summary>
public sealed record StoredSubjectVersion(string Subject, int Version, int SchemaId, string SchemaType, string Text, bool Deleted);
