using Facet.Core.Commerce;
using Facet.Core.Enrichment;
using Facet.Core.Parsing;
using Facet.Core.Streams;
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
    /// </summary>
    public StreamSet Select(string selection, IReadOnlyList<string>? clickstreamTopics = null)
    {
        var names = ParseSelection(selection);
        var streams = new List<StreamDefinition>(names.Count);
        foreach (var name in names)
        {
            var stream = Create(name);
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
    public StreamDefinition One(string name)
    {
        var set = Select(name);
        return set.Streams.Count == 1
            ? set.Streams[0]
            : throw new UsageException($"--stream takes one stream, not '{name}'; known streams: {string.Join(", ", Names)}");
    }

    private StreamDefinition Create(string name) => name switch
    {
        StreamNames.Clickstream => new StreamDefinition<EnrichedEvent>(
            StreamNames.Clickstream, [ClickstreamTopic], new ClickstreamDecoder(new EventParser(parserOptions ?? new ParserOptions()), enricher()), static e => e.IsBot),
        CommerceTopics.Customers => new StreamDefinition<Customer>(name, [name], new CustomerDecoder(commerceOptions)),
        CommerceTopics.Products => new StreamDefinition<Product>(name, [name], new ProductDecoder(commerceOptions)),
        CommerceTopics.Transactions => new StreamDefinition<Order>(name, [name], new OrderDecoder(commerceOptions)),
        CommerceTopics.ProductViews => new StreamDefinition<ProductView>(name, [name], new ProductViewDecoder(commerceOptions)),
        CommerceTopics.UserInteractions => new StreamDefinition<UserInteraction>(name, [name], new UserInteractionDecoder(commerceOptions)),
        CommerceTopics.ClickStream => new StreamDefinition<ClickEvent>(name, [name], new ClickEventDecoder(commerceOptions)),
        CommerceTopics.SystemLogs => new StreamDefinition<SystemLogEntry>(name, [name], new SystemLogDecoder(commerceOptions)),
        _ => throw new UsageException($"unknown stream '{name}'; known streams: {Known}"),
    };

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
