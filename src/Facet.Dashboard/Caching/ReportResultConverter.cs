using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Facet.Storage.Reports;
using Facet.Storage.Reports.Commerce;
using Facet.Storage.Reports.Shop;

namespace Facet.Dashboard.Caching;

/// <summary>
/// A <see cref="ReportResult"/> as the cache stores it: one short-named object whose rows are plain arrays in column
/// order (<c>{"k":0,"d":"2026-12-01","z":"UTC","s":3,"r":[[1,"100236","Ring",42],…]}</c>); the kind says how to read
/// them back. About a third of the size of the API's named rows. The six view reports hold ints, longs and strings
/// only; every other report's row starts with its cells' types (<c>["ismld", 1, "x", 2.50, 7, 0.25]</c>: int,
/// string, decimal, long, double; <c>n</c> null), so decimals keep their scale and every cell its CLR type. A range's
/// end (<c>u</c>), the result's own columns (<c>c</c>) and its detail (<c>t</c>) are kept too.
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
        DateOnly? until = null;
        List<string>? columns = null;
        string? detail = null;
        var shop = false;
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
                case "u":
                    until = DateOnly.ParseExact(reader.GetString()!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    break;
                case "c":
                    columns = ReadStrings(ref reader);
                    break;
                case "t":
                    detail = reader.GetString();
                    break;
                case "g":
                    shop = reader.GetBoolean();
                    break;
                case "r":
                    rows = IsLegacy(kind) ? ReadRows(ref reader, kind) : ReadTypedRows(ref reader, kind, shop);
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new ReportResult(kind, day, zone, source, rows) { Until = until, ColumnNames = columns, Detail = detail };
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
        if (value.Until is { } until)
        {
            writer.WriteString("u", until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (value.ColumnNames is { } columns)
        {
            writer.WriteStartArray("c");
            foreach (var column in columns)
            {
                writer.WriteStringValue(column);
            }

            writer.WriteEndArray();
        }

        if (value.Detail is { } detail)
        {
            writer.WriteString("t", detail);
        }

        // Before the rows: reading them back needs to know whether revenue's rows are the commerce form.
        if (value.Rows.Count > 0 && value.Rows[0] is ShopRow)
        {
            writer.WriteBoolean("g", true);
        }

        writer.WriteStartArray("r");
        var legacy = IsLegacy(value.Kind);
        foreach (var row in value.Rows)
        {
            if (!legacy)
            {
                WriteTypedRow(writer, row.Values);
                continue;
            }

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

    /// <summary>The six view reports, whose rows keep the original untyped form.</summary>
    private static bool IsLegacy(ReportKind kind) => kind is ReportKind.TopProducts or ReportKind.TopCountries or ReportKind.TopReferrers
        or ReportKind.StoreViews or ReportKind.HourlyProductViews or ReportKind.HourlyBrowserOs;

    private static void WriteTypedRow(Utf8JsonWriter writer, IReadOnlyList<object?> cells)
    {
        Span<char> types = cells.Count <= 64 ? stackalloc char[cells.Count] : new char[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            types[i] = cells[i] switch
            {
                null => 'n',
                int => 'i',
                long => 'l',
                string => 's',
                decimal => 'm',
                double => 'd',
                var other => throw new JsonException($"A report cell of type {other.GetType().Name} has no cache form."),
            };
        }

        writer.WriteStartArray();
        writer.WriteStringValue(types);
        foreach (var cell in cells)
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
                case decimal m:
                    writer.WriteNumberValue(m);
                    break;
                case double d:
                    writer.WriteNumberValue(d);
                    break;
            }
        }

        writer.WriteEndArray();
    }

    private static List<ReportRow> ReadTypedRows(ref Utf8JsonReader reader, ReportKind kind, bool shop)
    {
        var rows = new List<ReportRow>();
        Expect(ref reader, JsonTokenType.StartArray);
        while (reader.Read() && reader.TokenType == JsonTokenType.StartArray)
        {
            reader.Read();
            var types = reader.GetString() ?? "";
            var cells = new object?[types.Length];
            for (var i = 0; i < types.Length; i++)
            {
                reader.Read();
                cells[i] = types[i] switch
                {
                    'n' => null,
                    'i' => reader.GetInt32(),
                    'l' => reader.GetInt64(),
                    's' => reader.GetString(),
                    'm' => reader.GetDecimal(),
                    'd' => reader.GetDouble(),
                    var other => throw new JsonException($"Unknown cell type '{other}' in a cached report."),
                };
            }

            reader.Read();
            Expect(ref reader, JsonTokenType.EndArray);
            rows.Add(shop || kind > ReportKind.Funnel ? new ShopRow(cells) : TypedRow(kind, cells));
        }

        return rows;
    }

    /// <summary>The clickstream commerce rows (issue 21) from their cells, in their constructors' order.</summary>
    private static ReportRow TypedRow(ReportKind kind, object?[] c) => kind switch
    {
        ReportKind.Revenue => new RevenueRow(c[0]!, (string)c[1]!, (long)c[2]!, (decimal)c[3]!, (decimal)c[4]!, (decimal)c[5]!, c.Length > 6 ? (string?)c[6] : null),
        ReportKind.TopProductsByRevenue => new ProductRevenueRow((int)c[0]!, (string)c[1]!, (string?)c[2], (string)c[3]!, (decimal)c[4]!, (decimal)c[5]!, (long)c[6]!, c.Length > 7 ? (string?)c[7] : null),
        ReportKind.Conversion => new ConversionRow((string)c[0]!, (long)c[1]!, (long)c[2]!, (double)c[3]!),
        ReportKind.Funnel => new FunnelRow((string)c[0]!, (int)c[1]!, (string)c[2]!, (long)c[3]!, (long?)c[4], (long?)c[5], (double)c[6]!, (double?)c[7]),
        _ => throw new JsonException($"Unknown report kind {kind} in a cached result."),
    };

    private static List<string> ReadStrings(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartArray);
        var values = new List<string>();
        while (reader.Read() && reader.TokenType == JsonTokenType.String)
        {
            values.Add(reader.GetString()!);
        }

        return values;
    }

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
