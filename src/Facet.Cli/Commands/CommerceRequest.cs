using Facet.Streaming.Generation.Commerce;
using Facet.Streaming;
using Facet.Streaming.Generation;

namespace Facet.Cli.Commands;

/// <summary>What <c>facet generate --dataset commerce</c> was asked to do, read from its flags.</summary>
internal sealed record CommerceRequest(
    CommerceGeneratorOptions Options,
    GenerationLimits Limits,
    KafkaConnectionOptions? Connection,
    string? Directory,
    string Format,
    string? TruthPath,
    bool Interactive);
