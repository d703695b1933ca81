using System.Text.Json;
using System.Text.Json.Serialization;

namespace Facet.SchemaRegistry.Api;

/// <summary>Body of a registration, lookup or compatibility check; fields Facet does not use (metadata, ruleSet) are ignored.</summary>
internal sealed record RegisterRequest(
    [property: JsonPropertyName("schema")] string? Schema,
    [property: JsonPropertyName("schemaType")] string? SchemaType,
    [property: JsonPropertyName("references")] IReadOnlyList<JsonElement>? References);
