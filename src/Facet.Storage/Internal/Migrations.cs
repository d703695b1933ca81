using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Facet.Storage.Internal;

/// <summary>One versioned migration script, embedded as Sql/&lt;Dialect&gt;/V&lt;nnn&gt;__&lt;description&gt;.sql.</summary>
internal sealed record Migration(int Version, string Description, string Sql)
{
    /// <summary>The migrations of one dialect ("Postgres" or "DuckDb"), by ascending version.</summary>
    public static IReadOnlyList<Migration> For(string dialect)
    {
        var assembly = typeof(Migration).Assembly;
        var prefix = $"{assembly.GetName().Name}.Sql.{dialect}.";
        var pattern = new Regex(@"^V(?<v>\d+)__(?<d>.+)\.sql$", RegexOptions.CultureInvariant);
        var migrations = new List<Migration>();
        foreach (var name in assembly.GetManifestResourceNames())
        {
            if (!name.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var match = pattern.Match(name[prefix.Length..]);
            if (!match.Success)
            {
                throw new InvalidOperationException($"embedded migration '{name}' is not named V<number>__<description>.sql");
            }

            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            migrations.Add(new Migration(
                int.Parse(match.Groups["v"].Value, CultureInfo.InvariantCulture),
                match.Groups["d"].Value.Replace('_', ' '),
                reader.ReadToEnd()));
        }

        migrations.Sort(static (a, b) => a.Version.CompareTo(b.Version));
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new InvalidOperationException($"{dialect} migrations must be numbered 1, 2, 3…; found version {migrations[i].Version} at position {i + 1}");
            }
        }

        return migrations;
    }

    public static string NewerSchemaMessage(WarehouseLocation location, int found, int supported) =>
        $"the warehouse {location} has schema version {found}, newer than this Facet supports ({supported}): upgrade Facet; it will not write to a newer schema";

    public static string OlderSchemaMessage(WarehouseLocation location, int found, int supported) =>
        $"the warehouse {location} has schema version {found} but this Facet needs {supported}: run facet db migrate --warehouse {location}";
}
