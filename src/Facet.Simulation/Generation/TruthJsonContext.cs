using System.Text.Json.Serialization;

namespace Facet.Simulation.Generation;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true)]
[JsonSerializable(typeof(TruthDocument))]
internal sealed partial class TruthJsonContext : JsonSerializerContext;
