using System.Text.Json;
using System.Text.Json.Nodes;
using Facet.Storage.Internal.Windows;

namespace Facet.Storage.Windows;

/// <summary>One definition's fields, checked one by one; each error names the definition, the field and the fix.</summary>
public static partial class WindowDefinitions
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "name", "description", "source", "time", "window", "size", "slide", "keys", "aggregates", "watermark_delay", "allowed_lateness", "mode", "late",
    };

    private static readonly HashSet<string> JoinFields = new(StringComparer.Ordinal) { "name", "description", "join", "ratios" };

    /// <summary>The source column of a joined definition (it reads no source itself).</summary>
    internal const string JoinSource = "join";

    private static readonly HashSet<string> ReservedColumns = new(StringComparer.Ordinal)
    {
        "_id", "window_start", "window_end", "revisions", "late_revisions", "is_final", "last_updated_at",
    };

    private static WindowDefinition ParseOne(JsonObject o, string origin)
    {
        var name = Text(o, "name", origin, "window");
        if (!NamePattern().IsMatch(name))
        {
            throw new WindowDefinitionException($"{origin}: window name '{name}' must be lower case letters, digits and '_' (starting with a letter, at most 63)");
        }

        var where = $"{origin}: window '{name}'";
        if (o["join"] is not null)
        {
            return ParseJoin(o, name, where);
        }

        foreach (var (field, _) in o)
        {
            if (!KnownFields.Contains(field))
            {
                throw new WindowDefinitionException(field == "ratios"
                    ? $"{where}: ratios belong to a joined definition (\"join\": [\"a\", \"b\"]); compute them over the parts there"
                    : $"{where}: unknown field '{field}'; the fields are {string.Join(", ", KnownFields)} (or name, description, join, ratios for a joined definition)");
            }
        }

        var sourceName = Text(o, "source", origin, name);
        if (!WindowSource.All.TryGetValue(sourceName, out var source))
        {
            throw new WindowDefinitionException($"{where}: source '{sourceName}' is unknown; use one of {string.Join(", ", WindowSource.All.Keys)}");
        }

        var time = Text(o, "time", origin, name);
        if (Field(source, time, where, "time") is { Kind: not WindowFieldKind.Time } notTime)
        {
            throw new WindowDefinitionException($"{where}: time field '{time}' is a {notTime.Kind.ToString().ToLowerInvariant()}; use one of {string.Join(", ", source.Fields.Values.Where(static f => f.Kind == WindowFieldKind.Time).Select(static f => f.Name))}");
        }

        var kind = (OptionalText(o, "window", where) ?? "tumbling") switch
        {
            "tumbling" => WindowKind.Tumbling,
            "hopping" => WindowKind.Hopping,
            var other => throw new WindowDefinitionException($"{where}: window '{other}' is unknown; use tumbling or hopping"),
        };
        var size = Duration(o, "size", where, required: true);
        if (size <= TimeSpan.Zero)
        {
            throw new WindowDefinitionException($"{where}: size must be positive, e.g. \"1h\"");
        }

        var slide = size;
        if (kind == WindowKind.Hopping)
        {
            slide = Duration(o, "slide", where, required: true);
            if (slide <= TimeSpan.Zero || slide > size || size.Ticks % slide.Ticks != 0)
            {
                throw new WindowDefinitionException($"{where}: slide ({FormatDuration(slide)}) must be positive and divide size ({FormatDuration(size)}), e.g. size \"1h\" with slide \"5m\"");
            }
        }
        else if (o["slide"] is not null)
        {
            throw new WindowDefinitionException($"{where}: slide belongs to hopping windows; remove it or set \"window\": \"hopping\"");
        }

        var keys = new List<string>();
        if (o["keys"] is { } keysNode)
        {
            if (keysNode is not JsonArray keyArray)
            {
                throw new WindowDefinitionException($"{where}: keys must be an array of field names, e.g. [\"product_id\"]");
            }

            foreach (var k in keyArray)
            {
                var key = k is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw new WindowDefinitionException($"{where}: keys must be field names (strings)");
                Field(source, key, where, "key");
                if (keys.Contains(key))
                {
                    throw new WindowDefinitionException($"{where}: key '{key}' is listed twice");
                }

                keys.Add(key);
            }
        }

        var aggregates = Aggregates(o, source, where, keys);
        var delay = Duration(o, "watermark_delay", where, required: false);
        var lateness = Duration(o, "allowed_lateness", where, required: false);
        var mode = (OptionalText(o, "mode", where) ?? "update") switch
        {
            "update" => WindowOutputMode.Update,
            "final" => WindowOutputMode.Final,
            var other => throw new WindowDefinitionException($"{where}: mode '{other}' is unknown; use update or final"),
        };
        var late = (OptionalText(o, "late", where) ?? "count") switch
        {
            "count" => WindowLatePolicy.Count,
            "update" => WindowLatePolicy.Update,
            var other => throw new WindowDefinitionException($"{where}: late '{other}' is unknown; use count (count late events only) or update (count and apply them)"),
        };
        return new WindowDefinition
        {
            Name = name,
            Description = OptionalText(o, "description", where),
            Source = sourceName,
            TimeField = time,
            Kind = kind,
            Size = size,
            Slide = slide,
            Keys = keys,
            Aggregates = aggregates,
            WatermarkDelay = delay,
            AllowedLateness = lateness,
            Mode = mode,
            LatePolicy = late,
        };
    }

    /// <summary>
    /// A joined definition: <c>{"name", "description", "join": ["part", …], "ratios": [{"name", "numerator",
    /// "denominator"}]}</c>. Its parts are checked when the whole set is known (<see cref="ResolveJoins"/>).
    /// </summary>
    private static WindowDefinition ParseJoin(JsonObject o, string name, string where)
    {
        foreach (var (field, _) in o)
        {
            if (!JoinFields.Contains(field))
            {
                throw new WindowDefinitionException($"{where}: a joined definition takes {string.Join(", ", JoinFields)}; '{field}' belongs to its parts");
            }
        }

        if (o["join"] is not JsonArray parts || parts.Count < 2)
        {
            throw new WindowDefinitionException($"{where}: join must list at least two definitions by name, e.g. [\"sessions_hourly\", \"ordering_sessions_hourly\"]");
        }

        var join = new List<string>();
        foreach (var part in parts)
        {
            var partName = part is JsonValue v && v.TryGetValue<string>(out var text) ? text : throw new WindowDefinitionException($"{where}: join must list definition names (strings)");
            if (partName == name || join.Contains(partName))
            {
                throw new WindowDefinitionException($"{where}: join lists '{partName}' twice or itself; list each other definition once");
            }

            join.Add(partName);
        }

        var ratios = new List<WindowRatio>();
        if (o["ratios"] is { } ratiosNode)
        {
            if (ratiosNode is not JsonArray array)
            {
                throw new WindowDefinitionException($"{where}: ratios must be an array, e.g. [{{\"name\": \"conversion_rate\", \"numerator\": \"sessions_with_order\", \"denominator\": \"sessions\"}}]");
            }

            foreach (var node in array)
            {
                var r = node as JsonObject ?? throw new WindowDefinitionException($"{where}: every ratio must be an object with name, numerator and denominator");
                var ratioName = OptionalText(r, "name", where) ?? throw new WindowDefinitionException($"{where}: a ratio has no name");
                if (!NamePattern().IsMatch(ratioName) || ReservedColumns.Contains(ratioName) || ratios.Any(x => x.Name == ratioName))
                {
                    throw new WindowDefinitionException($"{where}: ratio name '{ratioName}' must be lower case letters, digits and '_', and differ from the other ratios and {string.Join(", ", ReservedColumns)}");
                }

                ratios.Add(new WindowRatio(
                    ratioName,
                    OptionalText(r, "numerator", where) ?? throw new WindowDefinitionException($"{where}: ratio '{ratioName}' needs a numerator (an aggregate of a part)"),
                    OptionalText(r, "denominator", where) ?? throw new WindowDefinitionException($"{where}: ratio '{ratioName}' needs a denominator (an aggregate of a part)")));
            }
        }

        return new WindowDefinition
        {
            Name = name,
            Description = OptionalText(o, "description", where),
            Source = JoinSource,
            TimeField = "",
            Size = TimeSpan.Zero,
            Aggregates = [],
            Join = join,
            Ratios = ratios,
        };
    }

    /// <summary>
    /// Resolves every joined definition in <paramref name="all"/> against its parts there: they must exist, be ordinary
    /// definitions with the same window (kind, size, slide) and keys, and have distinct aggregate names; each ratio must
    /// name two of their count, distinct, sum or avg aggregates. The resolved definition takes the parts' window and
    /// keys, their aggregates in join order, then its ratios.
    /// </summary>
    public static IReadOnlyList<WindowDefinition> ResolveJoins(IReadOnlyList<WindowDefinition> all, string origin = "window definitions")
    {
        ArgumentNullException.ThrowIfNull(all);
        if (!all.Any(static d => d.IsJoin))
        {
            return all;
        }

        var byName = all.ToDictionary(static d => d.Name, StringComparer.Ordinal);
        var resolved = new List<WindowDefinition>(all.Count);
        foreach (var d in all)
        {
            if (!d.IsJoin)
            {
                resolved.Add(d);
                continue;
            }

            var where = $"{origin}: window '{d.Name}'";
            var parts = new List<WindowDefinition>();
            foreach (var partName in d.Join)
            {
                if (!byName.TryGetValue(partName, out var part))
                {
                    throw new WindowDefinitionException($"{where}: joins '{partName}', which is not defined; define it (or use one of {string.Join(", ", all.Where(static x => !x.IsJoin).Select(static x => x.Name))})");
                }

                if (part.IsJoin)
                {
                    throw new WindowDefinitionException($"{where}: joins '{partName}', itself a joined definition; join its parts instead");
                }

                var first = parts.Count == 0 ? part : parts[0];
                if (part.Kind != first.Kind || part.Size != first.Size || part.Slide != first.Slide || !part.Keys.SequenceEqual(first.Keys, StringComparer.Ordinal))
                {
                    throw new WindowDefinitionException($"{where}: '{partName}' and '{first.Name}' must have the same window (kind, size, slide) and keys to be joined");
                }

                parts.Add(part);
            }

            var aggregates = new List<WindowAggregate>();
            foreach (var aggregate in parts.SelectMany(static p => p.Aggregates))
            {
                if (aggregates.Any(a => a.Name == aggregate.Name))
                {
                    throw new WindowDefinitionException($"{where}: aggregate '{aggregate.Name}' is in two of its parts; rename one so the joined row has one column per name");
                }

                aggregates.Add(aggregate);
            }

            foreach (var ratio in d.Ratios)
            {
                foreach (var operand in new[] { ratio.Numerator, ratio.Denominator })
                {
                    if (aggregates.FirstOrDefault(a => a.Name == operand) is not { Function: WindowFunction.Count or WindowFunction.Distinct or WindowFunction.Sum or WindowFunction.Avg })
                    {
                        throw new WindowDefinitionException($"{where}: ratio '{ratio.Name}' needs '{operand}' to be a count, distinct, sum or avg aggregate of its parts; they are {string.Join(", ", aggregates.Select(static a => a.Name))}");
                    }
                }

                if (aggregates.Any(a => a.Name == ratio.Name) || parts[0].Keys.Contains(ratio.Name))
                {
                    throw new WindowDefinitionException($"{where}: ratio '{ratio.Name}' has the name of a key or aggregate of its parts; rename it");
                }
            }

            aggregates.AddRange(d.Ratios.Select(static r => new WindowAggregate(r.Name, WindowFunction.Ratio, null)));
            resolved.Add(d with
            {
                Kind = parts[0].Kind,
                Size = parts[0].Size,
                Slide = parts[0].Slide,
                Keys = parts[0].Keys,
                Aggregates = aggregates,
                Mode = WindowOutputMode.Update,
                JoinedDefinitions = parts,
            });
        }

        return resolved;
    }

    private static List<WindowAggregate> Aggregates(JsonObject o, WindowSource source, string where, List<string> keys)
    {
        if (o["aggregates"] is not JsonArray array || array.Count == 0)
        {
            throw new WindowDefinitionException($"{where}: aggregates must be a non-empty array, e.g. [{{\"name\": \"orders\", \"function\": \"count\"}}]");
        }

        var list = new List<WindowAggregate>();
        foreach (var node in array)
        {
            if (node is not JsonObject a)
            {
                throw new WindowDefinitionException($"{where}: every aggregate must be an object with name, function and field");
            }

            var name = OptionalText(a, "name", where) ?? throw new WindowDefinitionException($"{where}: an aggregate has no name");
            if (!NamePattern().IsMatch(name) || ReservedColumns.Contains(name) || keys.Contains(name) || list.Any(x => x.Name == name))
            {
                throw new WindowDefinitionException($"{where}: aggregate name '{name}' must be lower case letters, digits and '_', and differ from the keys, the other aggregates and {string.Join(", ", ReservedColumns)}");
            }

            var function = (OptionalText(a, "function", where) ?? "") switch
            {
                "count" => WindowFunction.Count,
                "sum" => WindowFunction.Sum,
                "min" => WindowFunction.Min,
                "max" => WindowFunction.Max,
                "avg" => WindowFunction.Avg,
                "distinct" => WindowFunction.Distinct,
                var other => throw new WindowDefinitionException($"{where}: aggregate '{name}' has function '{other}'; use count, sum, min, max, avg or distinct"),
            };
            var fieldName = OptionalText(a, "field", where);
            if (fieldName is null && function != WindowFunction.Count)
            {
                throw new WindowDefinitionException($"{where}: aggregate '{name}' ({function.ToString().ToLowerInvariant()}) needs a field");
            }

            if (fieldName is not null)
            {
                var field = Field(source, fieldName, where, $"aggregate '{name}'");
                var fits = function switch
                {
                    WindowFunction.Sum or WindowFunction.Avg => field.Kind == WindowFieldKind.Number,
                    WindowFunction.Min or WindowFunction.Max => field.Kind != WindowFieldKind.Text,
                    _ => true,
                };
                if (!fits)
                {
                    throw new WindowDefinitionException($"{where}: aggregate '{name}' cannot take {function.ToString().ToLowerInvariant()} of '{fieldName}', a {field.Kind.ToString().ToLowerInvariant()} field; sum and avg take numbers, min and max numbers or times");
                }
            }

            list.Add(new WindowAggregate(name, function, fieldName));
        }

        return list;
    }

    private static WindowField Field(WindowSource source, string name, string where, string role) =>
        source.Fields.TryGetValue(name, out var field)
            ? field
            : throw new WindowDefinitionException($"{where}: {role} field '{name}' is not in source '{source.Name}'; its fields are {string.Join(", ", source.Fields.Keys)}");

    private static string Text(JsonObject o, string field, string origin, string name) =>
        OptionalText(o, field, $"{origin}: window '{name}'") ?? throw new WindowDefinitionException($"{origin}: window '{name}' has no '{field}'");

    private static string? OptionalText(JsonObject o, string field, string where) => o[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => throw new WindowDefinitionException($"{where}: '{field}' must be a string"),
    };

    private static TimeSpan Duration(JsonObject o, string field, string where, bool required)
    {
        var text = OptionalText(o, field, where);
        if (text is null)
        {
            return required ? throw new WindowDefinitionException($"{where}: '{field}' is required, e.g. \"1h\"") : TimeSpan.Zero;
        }

        return TryParseDuration(text, out var span)
            ? span
            : throw new WindowDefinitionException($"{where}: {field} '{text}' is not a duration; write a number and a unit (ms, s, m, h, d), e.g. \"5m\"");
    }
}
