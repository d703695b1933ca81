using Confluent.SchemaRegistry;
using Facet.Core.Commerce;
using Facet.Simulation.Commerce;
using Facet.Simulation.Generation;
using Facet.Streaming;
using Facet.Streaming.Avro;

namespace Facet.Cli.Demo;

/// <summary>
/// The demo's live commerce activity beside the clickstream: Facet's commerce world (customers and the catalog first,
/// then sessions with views, clicks, interactions and orders) written to the seven commerce topics at a steady rate,
/// the topics in <see cref="AvroTopics"/> as Avro through the embedded registry, the others as JSON. The world's clock
/// starts an hour back and runs slower than real time, so no event is ever in the future.
/// </summary>
internal sealed class DemoCommerce : IDisposable
{
    /// <summary>Topics the demo writes (and reads) as Avro; the <c>--value-format</c> the processor gets.</summary>
    public const string ValueFormats = CommerceTopics.Transactions + "=avro";

    public static readonly IReadOnlySet<string> AvroTopics = new HashSet<string>(StringComparer.Ordinal) { CommerceTopics.Transactions };

    private readonly CachedSchemaRegistryClient _registry;
    private readonly CommerceGenerator _generator;
    private readonly CommerceOutput _output;
    private readonly double _rate;
    private long _produced;

    public DemoCommerce(KafkaConnectionOptions kafka, SchemaRegistryConnection registry, DateTimeOffset now, double rate, long seed)
    {
        _rate = rate;
        _registry = new CachedSchemaRegistryClient(registry.ToConfig());
        _generator = new CommerceGenerator(new CommerceGeneratorOptions
        {
            Seed = seed,
            Start = now.AddHours(-1),
            Customers = 300,
            Products = 80,
            // Twice the sessions per simulated hour that would keep pace with the wall clock: the world's time lags
            // behind now even through the busiest hour of its day curve.
            SessionsPerHour = 2 * Commands.CommerceGeneration.SessionsPerHour(rate),
        })
        {
            AvroTopics = AvroTopics,
        };
        _output = CommerceOutput.ToKafka(kafka, new AvroValueSerializer(_registry), AvroTopics);
    }

    public long Produced => Interlocked.Read(ref _produced);

    /// <summary>Messages Kafka acknowledged, over the seven topics.</summary>
    public long Delivered => _output.Sinks.Values.OfType<KafkaEventSink>().Sum(static s => s.Delivered);

    public long Failed => _output.Failed;

    public string? FirstError => _output.FirstError;

    /// <summary>Writes until <paramref name="stopping"/> (on a pool thread); the caller flushes.</summary>
    public Task RunAsync(CancellationToken stopping) =>
        GenerationRunner.RunAsync(
            () =>
            {
                _output.Write(_generator.Next());
                Interlocked.Increment(ref _produced);
            },
            new GenerationLimits(RatePerSecond: _rate),
            null,
            stopping);

    public void Flush(CancellationToken ct) => _output.Flush(ct);

    public void Dispose()
    {
        _output.Dispose();
        _registry.Dispose();
    }
}
