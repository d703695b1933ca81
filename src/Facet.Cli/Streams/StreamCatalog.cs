using Facet.Core.Enrichment;
using Facet.Core.Parsing;
using Facet.Core.Streams;
using Facet.Streaming.Streams;

namespace Facet.Cli.Streams;

/// <summary>
/// Every stream Facet can consume, by name: the one place <c>--streams</c> and <c>--stream</c> are resolved. Adding a
/// stream is one entry here (its topics and decoder) plus its writer in the warehouse (see ARCHITECTURE.md).
/// </summary>
internal sealed class StreamCatalog(Func<EventEnricher> enricher, ParserOptions? parserOptions = null)
{
    public const string DefaultSelection = StreamNames.Clickstream;

    /// <summary>The default topic of the clickstream (<c>--topic</c> overrides it).</summary>
    public const string ClickstreamTopic = "product_view";

    public static IReadOnlyList<string> Names { get; } = [StreamNames.Clickstream];

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

    /// <summary>One stream by name (<c>facet load --stream</c>).</summary>
    public StreamDefinition One(string name) => Select(name).Streams[0];

    private StreamDefinition Create(string name) => name switch
    {
        StreamNames.Clickstream => new StreamDefinition<EnrichedEvent>(
            StreamNames.Clickstream, [ClickstreamTopic], new ClickstreamDecoder(new EventParser(parserOptions ?? new ParserOptions()), enricher()), static e => e.IsBot),
        _ => throw new UsageException($"unknown stream '{name}'; known streams: {string.Join(", ", Names)}"),
    };

    private static List<string> ParseSelection(string selection)
    {
        var names = new List<string>();
        foreach (var part in (selection ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!names.Contains(part, StringComparer.Ordinal))
            {
                names.Add(part);
            }
        }

        if (names.Count == 0)
        {
            throw new UsageException($"--streams needs at least one stream name; known streams: {string.Join(", ", Names)}");
        }

        return names;
    }
}
