using System.Text.Json.Serialization;

namespace Facet.SchemaRegistry.Api;

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RegistryError))]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(ConfigRequest))]
[JsonSerializable(typeof(IdResponse))]
[JsonSerializable(typeof(SchemaResponse))]
[JsonSerializable(typeof(SubjectVersionResponse))]
[JsonSerializable(typeof(IReadOnlyList<SubjectVersionRef>))]
[JsonSerializable(typeof(CompatibilityResponse))]
[JsonSerializable(typeof(ConfigLevelResponse))]
[JsonSerializable(typeof(ConfigSetResponse))]
[JsonSerializable(typeof(ModeResponse))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<int>))]
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class RegistryJsonContext : JsonSerializerContext;
