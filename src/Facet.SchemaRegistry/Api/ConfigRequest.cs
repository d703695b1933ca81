using System.Text.Json.Serialization;

namespace Facet.SchemaRegistry.Api;

/// <summary>Body of <c>PUT /config[/{subject}]</c>.</summary>
internal sealed record ConfigRequest([property: JsonPropertyName("compatibility")] string? Compatibility);
