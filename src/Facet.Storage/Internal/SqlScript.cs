using System.Collections.Concurrent;
using System.Text;

namespace Facet.Storage.Internal;

/// <summary>
/// A stream writer's embedded SQL (Sql/Commerce/&lt;Dialect&gt;/&lt;name&gt;.sql; the window step's in Sql/Windows), split into statements at a ';' that
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

    /// <param name="dialect">"Postgres" or "DuckDb".</param>
    public static SqlScript Get(string dialect, string name) => Cache.GetOrAdd((dialect, name), static key => Load(key.Dialect, key.Name));

    private static SqlScript Load(string dialect, string name)
    {
        // Stream writers' scripts live in Sql/Commerce, the window step's (issue 19) in Sql/Windows.
        var folder = name.StartsWith("window", StringComparison.Ordinal) || name.StartsWith("stage_window", StringComparison.Ordinal) ? "Windows" : "Commerce";
        var resource = $"Facet.Storage.Sql.{folder}.{dialect}.{name}.sql";
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
