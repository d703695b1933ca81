using System.Collections.Concurrent;
using System.Text;

namespace Facet.Storage.Reports;

/// <summary>
/// The report queries, one embedded .sql file per query and dialect (Sql/Reports/Postgres, Sql/Reports/DuckDb).
/// The only text substituted is <c>{views}</c>, which becomes a list of parameter names (@v0, @v1…): values are
/// always bound as parameters.
/// </summary>
internal static class ReportSqlText
{
    private static readonly ConcurrentDictionary<(string Dialect, string Name, int Views), string> Cache = new();

    public static string Get(string dialect, char prefix, string name, int viewCount) =>
        Cache.GetOrAdd((dialect, name, viewCount), key => Load(key.Dialect, prefix, key.Name, key.Views));

    private static string Load(string dialect, char prefix, string name, int viewCount)
    {
        var resource = $"Facet.Storage.Sql.Reports.{dialect}.{name}.sql";
        using var stream = typeof(ReportSqlText).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL '{resource}' is missing from Facet.Storage.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd();
        var names = new StringBuilder();
        for (var i = 0; i < viewCount; i++)
        {
            names.Append(i == 0 ? "" : ", ").Append(prefix).Append('v').Append(i);
        }

        return sql.Replace("{views}", names.ToString(), StringComparison.Ordinal);
    }
}
