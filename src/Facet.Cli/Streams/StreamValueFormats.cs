using System.CommandLine;
using Facet.Core.Commerce;
using Facet.Core.Streams;

namespace Facet.Cli.Streams;

/// <summary>
/// Parses <c>--value-format</c>: a bare <c>json</c> or <c>avro</c> sets every stream that has an Avro schema (the
/// commerce streams; the clickstream is JSON only), <c>NAME=FORMAT</c> sets one stream (or <c>commerce=FORMAT</c>
/// all seven), comma-separated, later entries winning: <c>avro</c>, <c>transactions=avro,customers=json</c>,
/// <c>avro,system_logs=json</c>. Unknown names or formats are one-line usage errors.
/// </summary>
internal static class StreamValueFormats
{
    public const string OptionName = "--value-format";

    public static Option<string?> CreateOption(string what) => new(OptionName)
    {
        Description = $"Value encoding of {what}: json (default) or avro (Confluent wire format, needs --schema-registry); per stream as NAME=FORMAT, comma-separated, e.g. transactions=avro,customers=json.",
    };

    /// <summary>The format of each of <paramref name="streams"/> (the selected stream or topic names).</summary>
    public static IReadOnlyDictionary<string, ValueFormat> Parse(string? text, IReadOnlyList<string> streams)
    {
        ArgumentNullException.ThrowIfNull(streams);
        var formats = streams.ToDictionary(static s => s, static _ => ValueFormat.Json, StringComparer.Ordinal);
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = entry.IndexOf('=', StringComparison.Ordinal);
            if (equals < 0)
            {
                var all = Format(entry);
                foreach (var stream in streams.Where(HasAvroSchema))
                {
                    formats[stream] = all;
                }

                continue;
            }

            var name = entry[..equals].Trim();
            var format = Format(entry[(equals + 1)..].Trim());
            IReadOnlyList<string> named = name == StreamCatalog.CommerceAlias ? CommerceTopics.All : [name];
            if (name != StreamCatalog.CommerceAlias && !StreamCatalog.Names.Contains(name, StringComparer.Ordinal))
            {
                throw new UsageException($"{OptionName}: unknown stream '{name}' in '{entry}'; known streams: {string.Join(", ", StreamCatalog.Names)} ({StreamCatalog.CommerceAlias} for all commerce streams)");
            }

            foreach (var stream in named)
            {
                if (!formats.ContainsKey(stream))
                {
                    if (name == StreamCatalog.CommerceAlias)
                    {
                        continue;
                    }

                    throw new UsageException($"{OptionName}: '{stream}' is not among the selected streams ({string.Join(", ", streams)}): select it or drop '{entry}'");
                }

                if (format == ValueFormat.Avro && !HasAvroSchema(stream))
                {
                    throw new UsageException($"{OptionName}: the {stream} stream is JSON only (no Avro schema); Avro applies to the commerce streams ({string.Join(", ", CommerceTopics.All)})");
                }

                formats[stream] = format;
            }
        }

        return formats;
    }

    /// <summary>The one-line usage error when Avro was asked for without a registry to resolve its schema ids.</summary>
    public static UsageException RegistryNeeded() =>
        new($"{OptionName} avro needs a schema registry: pass --schema-registry URL (or set FACET_SCHEMA_REGISTRY_URL); `facet schema-registry` serves one");

    private static bool HasAvroSchema(string stream) => stream != StreamNames.Clickstream && CommerceTopics.All.Contains(stream, StringComparer.Ordinal);

    private static ValueFormat Format(string text) => text.ToLowerInvariant() switch
    {
        "json" => ValueFormat.Json,
        "avro" => ValueFormat.Avro,
        _ => throw new UsageException($"{OptionName}: '{text}' is not a value format: use json or avro (per stream: NAME=json|avro)"),
    };
}
