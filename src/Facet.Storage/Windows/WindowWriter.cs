using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Facet.Storage.Windows;

/// <summary>
/// A <see cref="WindowView"/> as JSON (the API and <c>facet windows show --format json</c>), CSV, and MongoDB Extended
/// JSON (<c>facet export windows</c>): one document per window and key, columns named by the definition (Shape A's
/// names for the built-ins), times in UTC.
/// </summary>
public static class WindowWriter
{
    private static readonly JsonWriterOptions Indented = new() { Indented = true };

    /// <summary>The view as one JSON object: the definition's name and mode, the watermark, the windows and the late events.</summary>
    public static string ToJson(WindowView view, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(view);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, indented ? Indented : default))
        {
            json.WriteStartObject();
            json.WriteString("name", view.Definition.Name);
            json.WriteString("mode", view.Definition.Mode.ToString().ToLowerInvariant());
            if (view.Watermark is { } watermark)
            {
                json.WriteString("watermark", Iso(watermark));
            }
            else
            {
                json.WriteNull("watermark");
            }

            json.WriteStartArray("windows");
            foreach (var row in view.Rows)
            {
                json.WriteStartObject();
                json.WriteString("window_start", Iso(row.WindowStart));
                json.WriteString("window_end", Iso(row.WindowEnd));
                for (var i = 0; i < view.Definition.Keys.Count; i++)
                {
                    json.WriteString(view.Definition.Keys[i], row.Key[i]);
                }

                foreach (var aggregate in view.Definition.Aggregates)
                {
                    json.WritePropertyName(aggregate.Name);
                    switch (row.Values[aggregate.Name])
                    {
                        case null: json.WriteNullValue(); break;
                        case long l: json.WriteNumberValue(l); break;
                        case decimal d: json.WriteNumberValue(d); break;
                        case DateTime t: json.WriteStringValue(Iso(t)); break;
                        case var other: json.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture)); break;
                    }
                }

                json.WriteNumber("revisions", row.Revisions);
                json.WriteNumber("late_revisions", row.LateRevisions);
                json.WriteBoolean("is_final", row.IsFinal);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("late");
            foreach (var late in view.Late)
            {
                json.WriteStartObject();
                json.WriteString("window_start", Iso(late.WindowStart));
                json.WriteString("window_end", Iso(late.WindowEnd));
                json.WriteNumber("late_events", late.LateCount);
                json.WriteNumber("applied", late.AppliedCount);
                json.WriteStartArray("examples");
                foreach (var id in late.Examples)
                {
                    json.WriteStringValue(id);
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Definitions with their watermarks as a JSON array (<c>facet windows list --format json</c>, /api/windows).</summary>
    public static string ListToJson(IEnumerable<(WindowDefinition Definition, DateTime? Watermark)> definitions)
    {
        ArgumentNullException.ThrowIfNull(definitions);
        var array = new System.Text.Json.Nodes.JsonArray();
        foreach (var (definition, watermark) in definitions)
        {
            var o = WindowDefinitions.ToJsonObject(definition);
            o["watermark"] = watermark is { } w ? Iso(w) : null;
            array.Add(o);
        }

        return array.ToJsonString(WindowDefinitions.JsonOptions);
    }

    /// <summary>The late summaries as a JSON array (<c>/api/commerce/windows</c>), snake_case like the rest of the API.</summary>
    public static string LateSummaryToJson(IEnumerable<WindowLateSummary> summaries)
    {
        ArgumentNullException.ThrowIfNull(summaries);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var s in summaries)
            {
                json.WriteStartObject();
                json.WriteString("name", s.Name);
                json.WriteString("source", s.Source);
                json.WriteString("mode", s.Mode.ToString().ToLowerInvariant());
                if (s.Watermark is { } watermark)
                {
                    json.WriteString("watermark", Iso(watermark));
                }
                else
                {
                    json.WriteNull("watermark");
                }

                json.WriteNumber("windows", s.Windows);
                json.WriteNumber("final_windows", s.FinalWindows);
                json.WriteNumber("revised_windows", s.RevisedWindows);
                json.WriteNumber("late_revisions", s.LateRevisions);
                json.WriteNumber("late_events", s.LateEvents);
                json.WriteNumber("late_applied", s.LateApplied);
                json.WriteNumber("late_windows", s.LateWindows);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The windows as CSV: window_start, window_end, the keys, the aggregates, revisions, late_revisions, is_final.</summary>
    public static async Task WriteCsvAsync(TextWriter output, WindowView view, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(view);
        var columns = new List<string> { "window_start", "window_end" };
        columns.AddRange(view.Definition.Keys);
        columns.AddRange(view.Definition.Aggregates.Select(static a => a.Name));
        columns.AddRange(["revisions", "late_revisions", "is_final"]);
        await output.WriteLineAsync(string.Join(",", columns));
        foreach (var row in view.Rows)
        {
            ct.ThrowIfCancellationRequested();
            var cells = new List<string?> { Iso(row.WindowStart), Iso(row.WindowEnd) };
            cells.AddRange(row.Key);
            cells.AddRange(view.Definition.Aggregates.Select(a => row.Values[a.Name] switch
            {
                null => "",
                DateTime t => Iso(t),
                var v => Convert.ToString(v, CultureInfo.InvariantCulture),
            }));
            cells.AddRange([row.Revisions.ToString(CultureInfo.InvariantCulture), row.LateRevisions.ToString(CultureInfo.InvariantCulture), row.IsFinal ? "true" : "false"]);
            await output.WriteLineAsync(string.Join(",", cells.Select(Csv)));
        }
    }

    /// <summary>
    /// MongoDB Extended JSON (canonical types), one document per line, as <c>mongoimport --mode upsert</c> takes it:
    /// <c>_id</c> = "definition|window_start|key" (stable across exports, so re-importing replaces), dates as
    /// <c>{"$date": "…Z"}</c>, decimals as <c>{"$numberDecimal": "…"}</c>, counts as <c>{"$numberLong": "…"}</c> and
    /// revisions as <c>{"$numberInt": "…"}</c>.
    /// </summary>
    public static async Task WriteMongoExtendedJsonAsync(TextWriter output, WindowView view, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(view);
        foreach (var row in view.Rows)
        {
            ct.ThrowIfCancellationRequested();
            using var buffer = new MemoryStream();
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteString("_id", $"{view.Definition.Name}|{Iso(row.WindowStart)}|{JsonSerializer.Serialize(row.Key)}");
                json.WriteString("definition", view.Definition.Name);
                json.WritePropertyName("window_start");
                Date(json, row.WindowStart);
                json.WritePropertyName("window_end");
                Date(json, row.WindowEnd);
                for (var i = 0; i < view.Definition.Keys.Count; i++)
                {
                    json.WriteString(view.Definition.Keys[i], row.Key[i]);
                }

                foreach (var aggregate in view.Definition.Aggregates)
                {
                    json.WritePropertyName(aggregate.Name);
                    switch (row.Values[aggregate.Name])
                    {
                        case null: json.WriteNullValue(); break;
                        case long l: Typed(json, "$numberLong", l.ToString(CultureInfo.InvariantCulture)); break;
                        case decimal d: Typed(json, "$numberDecimal", d.ToString(CultureInfo.InvariantCulture)); break;
                        case DateTime t: Date(json, t); break;
                        case var other: json.WriteStringValue(Convert.ToString(other, CultureInfo.InvariantCulture)); break;
                    }
                }

                json.WritePropertyName("revisions");
                Typed(json, "$numberInt", row.Revisions.ToString(CultureInfo.InvariantCulture));
                json.WritePropertyName("late_revisions");
                Typed(json, "$numberInt", row.LateRevisions.ToString(CultureInfo.InvariantCulture));
                json.WriteBoolean("is_final", row.IsFinal);
                json.WritePropertyName("last_updated_at");
                Date(json, row.LastUpdatedAt);
                json.WriteEndObject();
            }

            await output.WriteLineAsync(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }

    private static void Typed(Utf8JsonWriter json, string type, string value)
    {
        json.WriteStartObject();
        json.WriteString(type, value);
        json.WriteEndObject();
    }

    // Extended JSON's relaxed date form: ISO 8601 UTC with milliseconds (what mongoexport writes for years 1970-9999).
    private static void Date(Utf8JsonWriter json, DateTime utc) =>
        Typed(json, "$date", utc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));

    private static string Iso(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Csv(string? value) =>
        value is null ? "" : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
