using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Facet.Storage.Reports;

namespace Facet.Dashboard.Caching;

/// <summary>
/// A <see cref="ReportResult"/> as the cache stores it: one short-named object whose rows are plain arrays in column
/// order (<c>{"k":0,"d":"2026-12-01","z":"UTC","s":3,"r":[[1,"100236","Ring",42],…]}</c>); the kind says how to read
/// them back. About a third of the size of the API's named rows.
/// </summary>
internal sealed class ReportResultConverter : JsonConverter<ReportResult>
{
    public override ReportResult Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        ReportKind kind = default;
        DateOnly? day = null;
        string zone = "UTC";
        ReportSourceKind source = default;
        List<ReportRow> rows = [];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "k":
                    kind = (ReportKind)reader.GetInt32();
                    break;
                case "d":
                    day = reader.TokenType == JsonTokenType.Null ? null : DateOnly.ParseExact(reader.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    break;
                case "z":
                    zone = reader.GetString()!;
                    break;
                case "s":
                    source = (ReportSourceKind)reader.GetInt32();
                    break;
                case "r":
                    rows = ReadRows(ref reader, kind);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new ReportResult(kind, day, zone, source, rows);
    }

    public override void Write(Utf8JsonWriter writer, ReportResult value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        // The kind first: reading the rows back needs it.
        writer.WriteNumber("k", (int)value.Kind);
        if (value.Day is { } day)
        {
            writer.WriteString("d", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull("d");
        }

        writer.WriteString("z", value.TimeZone);
        writer.WriteNumber("s", (int)value.Source);
        writer.WriteStartArray("r");
        foreach (var row in value.Rows)
        {
            writer.WriteStartArray();
            foreach (var cell in row.Values)
            {
                switch (cell)
                {
                    case null:
                        writer.WriteNullValue();
                        break;
                    case int i:
                        writer.WriteNumberValue(i);
                        break;
                    case long l:
                        writer.WriteNumberValue(l);
                        break;
                    case string s:
                        writer.WriteStringValue(s);
                        break;
                    default:
                        throw new JsonException($"A report cell of type {cell.GetType().Name} has no cache form.");
                }
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    /// <summary>Whether results of <paramref name="kind"/> have a cache form.</summary>
    public static bool CanStore(ReportKind kind) => kind is ReportKind.TopProducts or ReportKind.TopCountries or ReportKind.TopReferrers
        or ReportKind.StoreViews or ReportKind.HourlyProductViews or ReportKind.HourlyBrowserOs;

    private static List<ReportRow> ReadRows(ref Utf8JsonReader reader, ReportKind kind)
    {
        var rows = new List<ReportRow>();
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            ReportRow row = kind switch
            {
                ReportKind.TopProducts => new TopProductRow(Int(ref reader), String(ref reader)!, String(ref reader), Long(ref reader)),
                ReportKind.TopCountries => new TopCountryRow(Int(ref reader), String(ref reader)!, String(ref reader)!, Long(ref reader)),
                ReportKind.TopReferrers => new TopReferrerRow(Int(ref reader), String(ref reader)!, String(ref reader)!, Long(ref reader)),
                ReportKind.StoreViews => new StoreViewRow(String(ref reader), String(ref reader), Long(ref reader)),
                ReportKind.HourlyProductViews => new HourlyViewRow(Int(ref reader), Long(ref reader)),
                ReportKind.HourlyBrowserOs => new HourlyBrowserOsRow(Int(ref reader), String(ref reader)!, String(ref reader)!, Long(ref reader)),
                _ => throw new JsonException($"Unknown report kind {kind} in a cached result."),
            };
            reader.Read();
            Expect(ref reader, JsonTokenType.EndArray);
            rows.Add(row);
        }

        return rows;
    }

    private static int Int(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetInt32();
    }

    private static long Long(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.GetInt64();
    }

    private static string? String(ref Utf8JsonReader reader)
    {
        reader.Read();
        return reader.TokenType == JsonTokenType.Null ? null : reader.GetString();
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType type)
    {
        if (reader.TokenType != type)
        {
            throw new JsonException($"Expected {type} in a cached report, found {reader.TokenType}.");
        }
    }
}
