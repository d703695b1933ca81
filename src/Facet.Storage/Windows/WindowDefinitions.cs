using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Facet.Storage.Internal.Windows;

namespace Facet.Storage.Windows;

/// <summary>
/// Reads and checks window definitions (the JSON format of docs/windows.md) and holds the built-in ones (Shape A's
/// four analyses and revenue per 5 minutes), embedded as Windows/builtin-windows.json.
/// </summary>
public static partial class WindowDefinitions
{
    internal static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    private static readonly Lazy<IReadOnlyList<WindowDefinition>> BuiltInDefinitions = new(LoadBuiltIn);

    /// <summary>The built-in definitions, on by default in <c>facet run</c>, <c>facet load</c> and the demo.</summary>
    public static IReadOnlyList<WindowDefinition> BuiltIn => BuiltInDefinitions.Value;

    /// <summary>The sources a definition can name, each with its fields ("name:kind").</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Sources { get; } = WindowSource.All.ToDictionary(
        static s => s.Key,
        static s => (IReadOnlyList<string>)[.. s.Value.Fields.Values.Select(static f => $"{f.Name}:{f.Kind.ToString().ToLowerInvariant()}")],
        StringComparer.Ordinal);

    internal static WindowSource SourceOf(WindowDefinition definition) =>
        WindowSource.All.TryGetValue(definition.Source, out var source)
            ? source
            : throw new WindowDefinitionException($"window '{definition.Name}': source '{definition.Source}' is unknown; use one of {string.Join(", ", WindowSource.All.Keys)}");

    /// <summary>Whether <paramref name="field"/> of the definition's source holds whole numbers only (its sums are integers).</summary>
    internal static bool IsIntegerField(WindowDefinition definition, string field) =>
        SourceOf(definition).Fields.TryGetValue(field, out var f) && f.IsInteger;

    /// <summary>Reads a definitions file: <c>{"windows": [ … ]}</c> or a bare array.</summary>
    public static IReadOnlyList<WindowDefinition> ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new WindowDefinitionException($"cannot read window definitions '{path}': {ex.Message}");
        }

        return Parse(text, path);
    }

    /// <summary>Parses definitions from JSON; <paramref name="origin"/> names the file in errors.</summary>
    public static IReadOnlyList<WindowDefinition> Parse(string json, string origin = "window definitions")
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new WindowDefinitionException($"{origin} is not valid JSON: {ex.Message}");
        }

        var array = root switch
        {
            JsonArray a => a,
            JsonObject o when o["windows"] is JsonArray a => a,
            _ => throw new WindowDefinitionException($"{origin} must be {{\"windows\": [ … ]}} or a JSON array of definitions"),
        };
        var list = new List<WindowDefinition>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in array)
        {
            var definition = ParseOne(node as JsonObject ?? throw new WindowDefinitionException($"{origin}: every window definition must be a JSON object"), origin);
            if (!names.Add(definition.Name))
            {
                throw new WindowDefinitionException($"{origin}: window '{definition.Name}' is defined twice; give each definition its own name");
            }

            list.Add(definition);
        }

        return list;
    }

    /// <summary>
    /// Definitions from several places; a later one with a built-in's name is refused (rename it). Joined definitions
    /// are resolved once the whole set is known (<see cref="ResolveJoins"/>).
    /// </summary>
    public static IReadOnlyList<WindowDefinition> Combine(IEnumerable<WindowDefinition> first, IEnumerable<WindowDefinition> second)
    {
        var all = new List<WindowDefinition>(first);
        foreach (var d in second)
        {
            if (all.Any(a => a.Name == d.Name))
            {
                throw new WindowDefinitionException($"window '{d.Name}' is defined twice (a built-in has that name); give yours another name");
            }

            all.Add(d);
        }

        return all;
    }

    internal static JsonObject ToJsonObject(WindowDefinition d)
    {
        var o = new JsonObject { ["name"] = d.Name };
        if (d.Description is not null)
        {
            o["description"] = d.Description;
        }

        if (d.IsJoin)
        {
            // Only what it was written as: its window, keys and columns come from its parts when resolved again.
            o["join"] = new JsonArray([.. d.Join.Select(static j => (JsonNode?)JsonValue.Create(j))]);
            o["ratios"] = new JsonArray([.. d.Ratios.Select(static r => (JsonNode?)new JsonObject { ["name"] = r.Name, ["numerator"] = r.Numerator, ["denominator"] = r.Denominator })]);
            return o;
        }

        o["source"] = d.Source;
        o["time"] = d.TimeField;
        o["window"] = d.Kind == WindowKind.Tumbling ? "tumbling" : "hopping";
        o["size"] = FormatDuration(d.Size);
        if (d.Kind == WindowKind.Hopping)
        {
            o["slide"] = FormatDuration(d.Slide);
        }

        o["keys"] = new JsonArray([.. d.Keys.Select(static k => (JsonNode?)JsonValue.Create(k))]);
        o["aggregates"] = new JsonArray([.. d.Aggregates.Select(static a =>
        {
            var agg = new JsonObject { ["name"] = a.Name, ["function"] = a.Function.ToString().ToLowerInvariant() };
            if (a.Field is not null)
            {
                agg["field"] = a.Field;
            }

            return (JsonNode?)agg;
        })]);
        o["watermark_delay"] = FormatDuration(d.WatermarkDelay);
        o["allowed_lateness"] = FormatDuration(d.AllowedLateness);
        o["mode"] = d.Mode.ToString().ToLowerInvariant();
        o["late"] = d.LatePolicy.ToString().ToLowerInvariant();
        return o;
    }

    /// <summary>"1h", "5m", "30s", "1d", "250ms": the largest unit that divides the span.</summary>
    public static string FormatDuration(TimeSpan span)
    {
        var ms = (long)span.TotalMilliseconds;
        return ms == 0 ? "0s"
            : ms % 86_400_000 == 0 ? $"{ms / 86_400_000}d"
            : ms % 3_600_000 == 0 ? $"{ms / 3_600_000}h"
            : ms % 60_000 == 0 ? $"{ms / 60_000}m"
            : ms % 1000 == 0 ? $"{ms / 1000}s"
            : $"{ms}ms";
    }

    /// <summary>Parses "250ms", "30s", "5m", "1h", "1d".</summary>
    public static bool TryParseDuration(string? text, out TimeSpan span)
    {
        span = default;
        var match = text is null ? Match.Empty : DurationPattern().Match(text.Trim());
        if (!match.Success || !long.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n > 100_000_000)
        {
            return false;
        }

        span = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(n),
            "s" => TimeSpan.FromSeconds(n),
            "m" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            _ => TimeSpan.FromDays(n),
        };
        return true;
    }

    [GeneratedRegex(@"^(\d+)(ms|s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^[a-z][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    private static IReadOnlyList<WindowDefinition> LoadBuiltIn()
    {
        const string resource = "Facet.Storage.Windows.builtin-windows.json";
        using var stream = typeof(WindowDefinitions).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded '{resource}' is missing from Facet.Storage.");
        using var reader = new StreamReader(stream);
        return ResolveJoins(Parse(reader.ReadToEnd(), "the built-in window definitions"), "the built-in window definitions");
    }
}
