using System.Text.Json.Serialization;

namespace Facet.SchemaRegistry.Api;

// The response bodies, named as Confluent's registry names their members. Small records kept in one file: they
// are the wire format of one API and read best side by side (all internal).

internal sealed record IdResponse([property: JsonPropertyName("id")] int Id);

internal sealed record SchemaResponse(
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType);

internal sealed record SubjectVersionResponse(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("id")] int Id,
    [property: JsonPropertyName("schema")] string Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType);

internal sealed record SubjectVersionRef(
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("version")] int Version);

internal sealed record CompatibilityResponse(
    [property: JsonPropertyName("is_compatible")] bool IsCompatible,
    [property: JsonPropertyName("messages")] IReadOnlyList<string>? Messages);

internal sealed record ConfigLevelResponse([property: JsonPropertyName("compatibilityLevel")] string CompatibilityLevel);

internal sealed record ConfigSetResponse([property: JsonPropertyName("compatibility")] string Compatibility);

internal sealed record ModeResponse([property: JsonPropertyName("mode")] string Mode);
