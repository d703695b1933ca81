using Facet.Simulation.Commerce;
using Facet.Streaming;
using Facet.Streaming.Avro;
using Facet.Simulation.Generation;

namespace Facet.Cli.Commands;

/// <summary>What <c>facet generate --dataset commerce</c> was asked to do, read from its flags.</summary>
internal sealed record CommerceRequest(
    CommerceGeneratorOptions Options,
    GenerationLimits Limits,
    KafkaConnectionOptions? Connection,
    string? Directory,
    string Format,
    string? TruthPath,
    bool Interactive)
{
    /// <summary><c>--value-format</c> as given (per topic; see StreamValueFormats), or null for JSON everywhere.</summary>
    public string? ValueFormats { get; init; }

    /// <summary><c>--schema-registry</c>: where Avro topics register their schemas.</summary>
    public SchemaRegistryConnection? Registry { get; init; }
}
