using System.Globalization;
using Avro;
using Facet.Storage.Registry;

namespace Facet.SchemaRegistry.Compatibility;

/// <summary>
/// Applies a compatibility level to a candidate schema and a subject's live versions (oldest first), as Confluent's
/// registry does: BACKWARD = the candidate reads data of the latest version; FORWARD = the latest reads the
/// candidate's data; FULL = both; the _TRANSITIVE levels check every live version instead of the latest.
/// </summary>
public static class SubjectCompatibility
{
    public static IReadOnlyList<string> Problems(CompatibilityLevel level, Schema candidate, IReadOnlyList<StoredSubjectVersion> live)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(live);
        if (level == CompatibilityLevel.None || live.Count == 0)
        {
            return [];
        }

        var transitive = level is CompatibilityLevel.BackwardTransitive or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.FullTransitive;
        var backward = level is CompatibilityLevel.Backward or CompatibilityLevel.BackwardTransitive or CompatibilityLevel.Full or CompatibilityLevel.FullTransitive;
        var forward = level is CompatibilityLevel.Forward or CompatibilityLevel.ForwardTransitive or CompatibilityLevel.Full or CompatibilityLevel.FullTransitive;
        var problems = new List<string>();
        foreach (var existing in transitive ? live : [live[^1]])
        {
            var previous = Schema.Parse(existing.Text);
            var version = existing.Version.ToString(CultureInfo.InvariantCulture);
            if (backward)
            {
                problems.AddRange(AvroCompatibility.ReadProblems(candidate, previous).Select(p => $"reading data of version {version}: {p}"));
            }

            if (forward)
            {
                problems.AddRange(AvroCompatibility.ReadProblems(previous, candidate).Select(p => $"version {version} reading the new data: {p}"));
            }
        }

        return problems;
    }
}
