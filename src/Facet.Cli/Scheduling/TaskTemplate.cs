using System.Globalization;
using System.Text.RegularExpressions;

namespace Facet.Cli.Scheduling;

/// <summary>
/// <c>{{ name }}</c> placeholders in task arguments, Airflow's names: <c>ds</c> (the logical date's day in the DAG's
/// zone), <c>ds_nodash</c>, <c>ts</c>/<c>logical_date</c>, <c>data_interval_start</c>, <c>data_interval_end</c>
/// (ISO 8601 with the zone's offset), <c>dag_id</c>, <c>task_id</c>, <c>run_id</c>, <c>try_number</c>.
/// </summary>
internal static partial class TaskTemplate
{
    public static readonly IReadOnlyList<string> Names =
        ["ds", "ds_nodash", "ts", "logical_date", "data_interval_start", "data_interval_end", "dag_id", "task_id", "run_id", "try_number"];

    public static IReadOnlyDictionary<string, string> Variables(DagDefinition dag, string taskId, string runType, DateTime logicalUtc, DateTime intervalStartUtc, DateTime intervalEndUtc, int tryNumber)
    {
        ArgumentNullException.ThrowIfNull(dag);
        var logical = TimeZoneInfo.ConvertTime(new DateTimeOffset(logicalUtc, TimeSpan.Zero), dag.TimeZone);
        var ts = Iso(logical);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ds"] = logical.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            ["ds_nodash"] = logical.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            ["ts"] = ts,
            ["logical_date"] = ts,
            ["data_interval_start"] = Iso(TimeZoneInfo.ConvertTime(new DateTimeOffset(intervalStartUtc, TimeSpan.Zero), dag.TimeZone)),
            ["data_interval_end"] = Iso(TimeZoneInfo.ConvertTime(new DateTimeOffset(intervalEndUtc, TimeSpan.Zero), dag.TimeZone)),
            ["dag_id"] = dag.Id,
            ["task_id"] = taskId,
            ["run_id"] = $"{runType}__{ts}",
            ["try_number"] = tryNumber.ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Replaces every placeholder; an unknown name throws <see cref="KeyNotFoundException"/> naming it.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> variables) =>
        Placeholder().Replace(template, match => variables.TryGetValue(match.Groups[1].Value, out var value)
            ? value
            : throw new KeyNotFoundException(match.Groups[1].Value));

    /// <summary>The placeholder names used in a template that are not known.</summary>
    public static IEnumerable<string> UnknownNames(string template) =>
        Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(name => !Names.Contains(name));

    private static string Iso(DateTimeOffset time) => time.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
