using System.Collections.Concurrent;
using System.Text;

namespace Facet.Storage.Reports;

/// <summary>
/// The report queries, one embedded .sql file per query and dialect (Sql/Reports/Postgres, Sql/Reports/DuckDb).
/// Substituted text is fixed, never input: <c>{views}</c> (and <c>{ids}</c>) becomes a list of parameter names (@v0, @v1…), so values
/// are always bound as parameters; and a query named <c>X.daily</c> is <c>X.rollup.sql</c> read at the daily grain —
/// <c>{grain}</c> and <c>{period}</c> name the daily rollup and its (zone, date_key) instead of the UTC-hour rollup and
/// its [from, to) — so the hourly and daily versions of a ranking are one text.
/// </summary>
internal static class ReportSqlText
{
    private static readonly ConcurrentDictionary<(string Dialect, string Name, int Views, int Ids), string> Cache = new();

    /// <summary>The query text; <paramref name="idCount"/> parameter names (@p0, @p1…) replace <c>{ids}</c>.</summary>
    public static string Get(string dialect, char prefix, string name, int viewCount, int idCount = 0) =>
        Cache.GetOrAdd((dialect, name, viewCount, idCount), key => Load(key.Dialect, prefix, key.Name, key.Views, key.Ids));

    private const string DailySuffix = ".daily";

    private static string Load(string dialect, char prefix, string name, int viewCount, int idCount)
    {
        var daily = name.EndsWith(DailySuffix, StringComparison.Ordinal);
        var file = daily ? string.Concat(name.AsSpan(0, name.Length - DailySuffix.Length), ".rollup") : name;
        var resource = $"Facet.Storage.Sql.Reports.{dialect}.{file}.sql";
        using var stream = typeof(ReportSqlText).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL '{resource}' is missing from Facet.Storage.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var sql = reader.ReadToEnd();
        var names = ParameterList(prefix, 'v', viewCount);

        if (daily && !sql.Contains("{grain}", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Embedded SQL '{resource}' has no daily grain.");
        }

        var period = daily
            ? $"r.zone = {prefix}zone AND r.date_key = {prefix}date_key"
            : $"r.hour_utc >= {prefix}from AND r.hour_utc < {prefix}to";
        return sql
            .Replace("{views}", names, StringComparison.Ordinal)
            .Replace("{ids}", ParameterList(prefix, 'p', idCount), StringComparison.Ordinal)
            .Replace("{grain}", daily ? "daily" : "hourly", StringComparison.Ordinal)
            .Replace("{period}", period, StringComparison.Ordinal);
    }

    private static string ParameterList(char prefix, char letter, int count)
    {
        var names = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            names.Append(i == 0 ? "" : ", ").Append(prefix).Append(letter).Append(i);
        }

        return names.ToString();
    }
}
