using Facet.Core.Commerce;
using Facet.Core.Enrichment;
using Facet.Core.Parsing;
using Facet.Core.Streams;
using Facet.Streaming.Avro;
using Facet.Streaming.Avro.Commerce;
using Facet.Streaming.Streams;

namespace Facet.Cli.Streams;

/// <summary>
/// Every stream Facet can consume, by name: the one place <c>--streams</c> and <c>--stream</c> are resolved. Adding a
/// stream is one entry here (its topics and decoder) plus its writer in the warehouse (see ARCHITECTURE.md).
/// </summary>
internal sealed class StreamCatalog(Func<EventEnricher> enricher, ParserOptions? parserOptions = null, CommerceDecoderOptions? commerceOptions = null)
{
    public const string DefaultSelection = StreamNames.Clickstream;

    /// <summary>The default topic of the clickstream (<c>--topic</c> overrides it).</summary>
    public const string ClickstreamTopic = "product_view";

    /// <summary>Selects every commerce entity stream (<see cref="CommerceTopics.All"/>) at once.</summary>
    public const string CommerceAlias = "commerce";

    /// <summary>The stream names: the clickstream, then the seven commerce entity streams (each named like its topic).</summary>
    public static IReadOnlyList<string> Names { get; } = [StreamNames.Clickstream, .. CommerceTopics.All];

    private static string Known => $"{string.Join(", ", Names)}, or {CommerceAlias} for all {CommerceTopics.All.Count} commerce streams";

    /// <summary>
    /// The streams named in <paramref name="selection"/> (comma-separated, e.g. "clickstream"); unknown names are a
    /// usage error naming the known ones. <paramref name="clickstreamTopics"/> replaces the clickstream's topic.
    /// <paramref name="valueFormats"/> is <c>--value-format</c> (<see cref="StreamValueFormats"/>); Avro streams
    /// resolve their writer schemas through <paramref name="registry"/>, required then.
    /// </summary>
    public StreamSet Select(string selection, IReadOnlyList<string>? clickstreamTopics = null, string? valueFormats = null, SchemaRegistryConnection? registry = null)
    {
        var names = ParseSelection(selection);
        var formats = StreamValueFormats.Parse(valueFormats, names);
        AvroWriterSchemas? schemas = null;
        if (formats.Values.Contains(ValueFormat.Avro))
        {
            // One client (and one schema cache) for every Avro stream of the process.
            schemas = new AvroWriterSchemas((registry ?? throw StreamValueFormats.RegistryNeeded()).CreateClient());
        }

        var streams = new List<StreamDefinition>(names.Count);
        foreach (var name in names)
        {
            var stream = Create(name, formats[name] == ValueFormat.Avro ? schemas : null);
            if (name == StreamNames.Clickstream && clickstreamTopics is { Count: > 0 })
            {
                stream = stream.WithTopics(clickstreamTopics);
            }

            streams.Add(stream);
        }

        try
        {
            return new StreamSet(streams);
        }
        catch (ArgumentException ex)
        {
            throw new UsageException($"--streams: {ex.Message.Split(" (Parameter", 2)[0]}");
        }
    }

    /// <summary>One stream by name (<c>facet load --stream</c>: a file holds one stream's records, so no alias).</summary>
    public StreamDefinition One(string name, string? valueFormats = null, SchemaRegistryConnection? registry = null)
    {
        var set = Select(name, null, valueFormats, registry);
        return set.Streams.Count == 1
            ? set.Streams[0]
            : throw new UsageException($"--stream takes one stream, not '{name}'; known streams: {string.Join(", ", Names)}");
    }

    /// <param name="avro">The registry's schemas when the stream's values are Avro; null for JSON.</param>
    private StreamDefinition Create(string name, AvroWriterSchemas? avro) => name switch
    {
        StreamNames.Clickstream => new StreamDefinition<EnrichedEvent>(
            StreamNames.Clickstream, [ClickstreamTopic], new ClickstreamDecoder(new EventParser(parserOptions ?? new ParserOptions()), enricher()), static e => e.IsBot),
        CommerceTopics.Customers => Commerce(name, new CustomerDecoder(commerceOptions), avro),
        CommerceTopics.Products => Commerce(name, new ProductDecoder(commerceOptions), avro),
        CommerceTopics.Transactions => Commerce(name, new OrderDecoder(commerceOptions), avro),
        CommerceTopics.ProductViews => Commerce(name, new ProductViewDecoder(commerceOptions), avro),
        CommerceTopics.UserInteractions => Commerce(name, new UserInteractionDecoder(commerceOptions), avro),
        CommerceTopics.ClickStream => Commerce(name, new ClickEventDecoder(commerceOptions), avro),
        CommerceTopics.SystemLogs => Commerce(name, new SystemLogDecoder(commerceOptions), avro),
        _ => throw new UsageException($"unknown stream '{name}'; known streams: {Known}"),
    };

    /// <summary>A commerce stream: its JSON decoder, or the Avro decoder that validates through it.</summary>
    private static StreamDefinition<TRecord> Commerce<TRecord>(string name, IRecordDecoder<TRecord> json, AvroWriterSchemas? avro)
        where TRecord : class =>
        new(name, [name], avro is null ? json : CommerceAvroDecoders.Create(name, avro, json));

    private static List<string> ParseSelection(string selection)
    {
        var names = new List<string>();
        foreach (var part in (selection ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (var name in part == CommerceAlias ? CommerceTopics.All : [part])
            {
                if (!names.Contains(name, StringComparer.Ordinal))
                {
                    names.Add(name);
                }
            }
        }

        if (names.Count == 0)
        {
            throw new UsageException($"--streams needs at least one stream name; known streams: {Known}");
        }

        return names;
    }
}
