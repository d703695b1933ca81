using System.Globalization;
using System.Text.Json;

namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// The funnels a report can name: the built-in <c>shop</c> funnel plus those of a JSON file (<c>--funnels FILE</c>):
/// <code>
/// {"funnels": [{"name": "rings", "window": "30m", "mode": "strict",
///               "steps": [{"collection": "view_product_detail", "product": "100236"},
///                         {"collection": "add_to_cart_action", "store": "glamira.de"}]}]}
/// </code>
/// <c>window</c> is a duration (<c>90s</c>, <c>30m</c>, <c>2h</c>, <c>1d</c>; default 1h); <c>mode</c> is strict
/// (default) or any. A file's funnel named <c>shop</c> replaces the built-in one.
/// </summary>
public sealed class FunnelCatalog
{
    private readonly Dictionary<string, FunnelDefinition> _funnels;

    private FunnelCatalog(Dictionary<string, FunnelDefinition> funnels) => _funnels = funnels;

    /// <summary>Only the built-in shop funnel.</summary>
    public static FunnelCatalog Default { get; } = new(new(StringComparer.OrdinalIgnoreCase) { [FunnelDefinition.ShopName] = FunnelDefinition.Shop });

    public IReadOnlyCollection<string> Names => _funnels.Keys;

    /// <summary>The funnel named <paramref name="name"/> (null = shop); throws listing the names it knows.</summary>
    public FunnelDefinition Find(string? name)
    {
        var key = string.IsNullOrWhiteSpace(name) ? FunnelDefinition.ShopName : name.Trim();
        return _funnels.TryGetValue(key, out var funnel)
            ? funnel
            : throw new ReportOptionsException($"unknown funnel '{key}': use one of {string.Join(", ", _funnels.Keys.Order(StringComparer.Ordinal))} or define it in a --funnels file");
    }

    /// <summary>Reads a funnel file; throws <see cref="ReportOptionsException"/> naming what is wrong.</summary>
    public static FunnelCatalog Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ReportOptionsException($"--funnels: cannot read '{path}' ({ex.Message})");
        }

        return Parse(Path.GetFileName(path), text);
    }

    public static FunnelCatalog Parse(string source, string json)
    {
        var funnels = new Dictionary<string, FunnelDefinition>(StringComparer.OrdinalIgnoreCase) { [FunnelDefinition.ShopName] = FunnelDefinition.Shop };
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("funnels", out var list) || list.ValueKind != JsonValueKind.Array)
            {
                throw new ReportOptionsException($"--funnels {source}: expected {{\"funnels\": [{{\"name\": …, \"steps\": […]}}]}}");
            }

            foreach (var item in list.EnumerateArray())
            {
                var name = Text(item, "name") ?? throw new ReportOptionsException($"--funnels {source}: every funnel needs a \"name\"");
                var window = Text(item, "window") is { } w ? ParseWindow(source, name, w) : TimeSpan.FromHours(1);
                var mode = Text(item, "mode")?.ToLowerInvariant() switch
                {
                    null or "strict" => FunnelMode.Strict,
                    "any" or "any-order" or "any_order" => FunnelMode.AnyOrder,
                    var other => throw new ReportOptionsException($"--funnels {source}: funnel '{name}' mode must be strict or any (got '{other}')"),
                };
                if (!item.TryGetProperty("steps", out var steps) || steps.ValueKind != JsonValueKind.Array)
                {
                    throw new ReportOptionsException($"--funnels {source}: funnel '{name}' needs \"steps\": [{{\"collection\": …}}, …]");
                }

                var parsed = steps.EnumerateArray()
                    .Select(s => new FunnelStep(
                        Text(s, "collection") ?? throw new ReportOptionsException($"--funnels {source}: every step of funnel '{name}' needs a \"collection\""),
                        Text(s, "product"),
                        Text(s, "store")))
                    .ToList();
                var funnel = new FunnelDefinition(name, parsed, window, mode);
                funnel.Validate();
                funnels[name] = funnel;
            }
        }
        catch (JsonException ex)
        {
            throw new ReportOptionsException($"--funnels {source} is not valid JSON: {ex.Message}");
        }

        return new FunnelCatalog(funnels);
    }

    /// <summary>Durations as the CLI writes them: 90s, 30m, 2h, 1d, or hh:mm:ss.</summary>
    public static TimeSpan ParseWindow(string source, string funnel, string text)
    {
        var value = text.Trim();
        if (value.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out var span))
        {
            return span;
        }

        if (value.Length >= 2 && double.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            switch (value[^1])
            {
                case 's': return TimeSpan.FromSeconds(number);
                case 'm': return TimeSpan.FromMinutes(number);
                case 'h': return TimeSpan.FromHours(number);
                case 'd': return TimeSpan.FromDays(number);
            }
        }

        throw new ReportOptionsException($"{source}: funnel '{funnel}' window must be a duration such as 90s, 30m, 2h or 1d (got '{text}')");
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString() is { Length: > 0 } s ? s.Trim() : null,
                JsonValueKind.Number => value.GetRawText(),
                _ => null,
            }
            : null;
}
