using System.Text.Json.Serialization;

namespace Facet.SchemaRegistry.Api;

/// <summary>Confluent's error body: <c>{"error_code":40401,"message":"…"}</c>.</summary>
internal sealed record RegistryError([property: JsonPropertyName("error_code")] int ErrorCode, [property: JsonPropertyName("message")] string Message);
