using System.Collections.Concurrent;
using System.Text;

namespace Facet.Storage.Internal;

/// <summary>
/// A stream writer's embedded SQL (Sql/Commerce/&lt;Dialect&gt;/&lt;name&gt;.sql, or Sql/&lt;Folder&gt;/&lt;Dialect&gt;/&lt;file&gt;.sql
/// for a name "Folder/file"), split into statements at a ';' that
/// ends a line. A statement preceded by a line <c>-- @count</c> is one whose affected rows the writer reports (inserted
/// or changed records); the others do supporting work (inferred members, validity ranges). Statements take no
/// parameters: the values arrive in a staging table.
/// </summary>
internal sealed class SqlScript
{
    private const string CountMarker = "-- @count";
    private static readonly ConcurrentDictionary<(string Dialect, string Name), SqlScript> Cache = new();

    private SqlScript(string name, string[] statements, bool[] counted)
    {
        Name = name;
        Statements = statements;
        Counted = counted;
    }

    public string Name { get; }

    public IReadOnlyList<string> Statements { get; }

    /// <summary>Per statement: are its affected rows part of the script's count?</summary>
    public IReadOnlyList<bool> Counted { get; }

    /// <summary>The staging table a stage script of that name creates: the name without its folder.</summary>
    public static string TableOf(string name) => name[(name.IndexOf('/', StringComparison.Ordinal) + 1)..];

    /// <param name="dialect">"Postgres" or "DuckDb".</param>
    public static SqlScript Get(string dialect, string name) => Cache.GetOrAdd((dialect, name), static key => Load(key.Dialect, key.Name));

    private static SqlScript Load(string dialect, string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        var resource = slash < 0
            ? $"Facet.Storage.Sql.Commerce.{dialect}.{name}.sql"
            : $"Facet.Storage.Sql.{name[..slash]}.{dialect}.{name[(slash + 1)..]}.sql";
        using var stream = typeof(SqlScript).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL '{resource}' is missing from Facet.Storage.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var statements = new List<string>();
        var counted = new List<bool>();
        var current = new StringBuilder();
        var count = false;
        while (reader.ReadLine() is { } line)
        {
            var trimmed = line.Trim();
            if (trimmed.StartsWith("--", StringComparison.Ordinal))
            {
                count |= trimmed == CountMarker;
                continue;
            }

            if (trimmed.Length == 0)
            {
                continue;
            }

            current.Append(line).Append('\n');
            if (trimmed.EndsWith(';'))
            {
                statements.Add(current.ToString().TrimEnd().TrimEnd(';'));
                counted.Add(count);
                current.Clear();
                count = false;
            }
        }

        if (current.Length > 0)
        {
            throw new InvalidOperationException($"Embedded SQL '{resource}' ends without ';' after its last statement.");
        }

        return new SqlScript(name, [.. statements], [.. counted]);
    }
}
