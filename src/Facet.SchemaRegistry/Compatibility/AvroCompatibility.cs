using System.Globalization;
using Avro;

namespace Facet.SchemaRegistry.Compatibility;

/// <summary>
/// Avro schema resolution (the specification's "Schema Resolution" section): can a reader with one schema read data
/// written with another? The problems come back as lines naming the path and the fix; none means it can. Rules:
/// <list type="bullet">
/// <item>Same primitive type; or a promotion int → long, float, double; long → float, double; float → double;
/// string ↔ bytes. Logical types resolve as their underlying type.</item>
/// <item>Records, enums and fixed match by unqualified name or a reader alias. A reader field is found in the writer
/// by name or one of its aliases; one that is not needs a default. Writer fields the reader lacks are skipped.</item>
/// <item>Enums: every writer symbol is a reader symbol, unless the reader has a default symbol. Fixed: same size.</item>
/// <item>Arrays and maps: their items or values resolve.</item>
/// <item>Unions: every writer branch resolves to the reader (to some branch of a reader union); a non-union writer
/// resolves to some branch of a reader union.</item>
/// </list>
/// </summary>
public static class AvroCompatibility
{
    /// <summary>Why a reader with <paramref name="reader"/> cannot read data written with <paramref name="writer"/>; empty when it can.</summary>
    public static IReadOnlyList<string> ReadProblems(Schema reader, Schema writer)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(writer);
        var problems = new List<string>();
        Check(reader, writer, "", problems, []);
        return problems;
    }

    private static void Check(Schema reader, Schema writer, string path, List<string> problems, HashSet<(string, string)> seen)
    {
        reader = reader is LogicalSchema readerLogical ? readerLogical.BaseSchema : reader;
        writer = writer is LogicalSchema writerLogical ? writerLogical.BaseSchema : writer;
        if (writer is UnionSchema writerUnion)
        {
            foreach (var branch in writerUnion.Schemas)
            {
                if (reader is UnionSchema)
                {
                    if (!Resolves(reader, branch, seen))
                    {
                        problems.Add($"{At(path)}the writer's union branch {Describe(branch)} matches no branch of the reader's union {Describe(reader)}: add a compatible branch");
                    }
                }
                else
                {
                    Check(reader, branch, path, problems, seen);
                }
            }

            return;
        }

        if (reader is UnionSchema readerUnion)
        {
            if (!readerUnion.Schemas.Any(branch => Resolves(branch, writer, seen)))
            {
                problems.Add($"{At(path)}the writer's {Describe(writer)} matches no branch of the reader's union {Describe(reader)}: add a compatible branch");
            }

            return;
        }

        if (reader.Tag != writer.Tag)
        {
            if (!Promotes(writer.Tag, reader.Tag))
            {
                problems.Add($"{At(path)}type changed from {Describe(writer)} to {Describe(reader)}, which Avro cannot promote (allowed: int → long → float → double, string ↔ bytes)");
            }

            return;
        }

        switch (reader)
        {
            case RecordSchema readerRecord:
                CheckRecord(readerRecord, (RecordSchema)writer, path, problems, seen);
                break;
            case EnumSchema readerEnum:
                CheckName(readerEnum, (NamedSchema)writer, path, problems);
                var missing = ((EnumSchema)writer).Symbols.Where(symbol => !readerEnum.Contains(symbol)).ToList();
                if (missing.Count > 0 && readerEnum.Default is null)
                {
                    problems.Add($"{At(path)}enum {readerEnum.Name} lost the symbol(s) {string.Join(", ", missing)} that the writer may use: keep them, or give the reader's enum a \"default\" symbol");
                }

                break;
            case FixedSchema readerFixed:
                CheckName(readerFixed, (NamedSchema)writer, path, problems);
                var writerSize = ((FixedSchema)writer).Size;
                if (readerFixed.Size != writerSize)
                {
                    problems.Add(string.Create(CultureInfo.InvariantCulture, $"{At(path)}fixed {readerFixed.Name} changed size from {writerSize} to {readerFixed.Size}"));
                }

                break;
            case ArraySchema readerArray:
                Check(readerArray.ItemSchema, ((ArraySchema)writer).ItemSchema, path + "[]", problems, seen);
                break;
            case MapSchema readerMap:
                Check(readerMap.ValueSchema, ((MapSchema)writer).ValueSchema, path + "{}", problems, seen);
                break;
        }
    }

    private static void CheckRecord(RecordSchema reader, RecordSchema writer, string path, List<string> problems, HashSet<(string, string)> seen)
    {
        if (!CheckName(reader, writer, path, problems) || !seen.Add((reader.Fullname, writer.Fullname)))
        {
            // A name mismatch is reported once; a pair already being checked (recursive types) is assumed to resolve.
            return;
        }

        foreach (var field in reader.Fields)
        {
            var fieldPath = path.Length == 0 ? field.Name : path + "." + field.Name;
            var writerField = writer.TryGetField(field.Name, out var byName) ? byName : FindByAlias(writer, field);
            if (writerField is not null)
            {
                Check(field.Schema, writerField.Schema, fieldPath, problems, seen);
            }
            else if (field.DefaultValue is null)
            {
                problems.Add($"{At(fieldPath)}field '{field.Name}' is new and has no default, so data written without it cannot be read: give it a \"default\" (for an optional field: \"type\": [\"null\", …], \"default\": null)");
            }
        }
    }

    private static Field? FindByAlias(RecordSchema writer, Field readerField) =>
        readerField.Aliases?.Select(alias => writer.TryGetField(alias, out var found) ? found : null).FirstOrDefault(found => found is not null);

    private static bool CheckName(NamedSchema reader, NamedSchema writer, string path, List<string> problems)
    {
        if (string.Equals(reader.Name, writer.Name, StringComparison.Ordinal) || Aliases(reader).Any(alias => alias == writer.Name || alias == writer.Fullname))
        {
            return true;
        }

        problems.Add($"{At(path)}{Describe(writer)} was renamed to {reader.Fullname}: keep the name, or list the old one in \"aliases\"");
        return false;
    }

    // Apache.Avro keeps a named schema's aliases private; its JSON form carries them.
    private static IEnumerable<string> Aliases(NamedSchema schema)
    {
        using var json = System.Text.Json.JsonDocument.Parse(schema.ToString());
        if (!json.RootElement.TryGetProperty("aliases", out var aliases) || aliases.ValueKind != System.Text.Json.JsonValueKind.Array)
        {
            return [];
        }

        return [.. aliases.EnumerateArray().Select(alias => alias.GetString() ?? "")];
    }

    private static bool Resolves(Schema reader, Schema writer, HashSet<(string, string)> seen)
    {
        var problems = new List<string>();
        Check(reader, writer, "", problems, [.. seen]);
        return problems.Count == 0;
    }

    private static bool Promotes(Schema.Type writer, Schema.Type reader) => (writer, reader) switch
    {
        (Schema.Type.Int, Schema.Type.Long or Schema.Type.Float or Schema.Type.Double) => true,
        (Schema.Type.Long, Schema.Type.Float or Schema.Type.Double) => true,
        (Schema.Type.Float, Schema.Type.Double) => true,
        (Schema.Type.String, Schema.Type.Bytes) or (Schema.Type.Bytes, Schema.Type.String) => true,
        _ => false,
    };

    private static string Describe(Schema schema) => schema switch
    {
        NamedSchema named => $"{named.Tag.ToString().ToLowerInvariant()} {named.Fullname}",
        UnionSchema union => "[" + string.Join(", ", union.Schemas.Select(Describe)) + "]",
        LogicalSchema logical => Describe(logical.BaseSchema),
        _ => schema.Tag.ToString().ToLowerInvariant(),
    };

    private static string At(string path) => path.Length == 0 ? "" : path + ": ";
}
