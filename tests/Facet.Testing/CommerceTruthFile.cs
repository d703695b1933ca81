using System.Text.Json;

namespace Facet.Testing;

/// <summary>
/// The truth file <c>facet generate --dataset commerce --truth PATH</c> writes (docs/generator.md), read with plain
/// JSON so a test compares the warehouse to what the generator says it sent, not to Facet's own types.
/// </summary>
public sealed class CommerceTruthFile
{
    private readonly Dictionary<string, JsonElement> _topics;

    private CommerceTruthFile(long messages, Dictionary<string, JsonElement> topics)
    {
        Messages = messages;
        _topics = topics;
    }

    public long Messages { get; }

    public IEnumerable<string> Topics => _topics.Keys;

    public static CommerceTruthFile Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var topics = document.RootElement.GetProperty("topics").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
        return new CommerceTruthFile(document.RootElement.GetProperty("messages").GetInt64(), topics);
    }

    /// <summary>A count of one topic: messages, accepted, valid, late, duplicates, rejected, lines, units, total_mismatches.</summary>
    public long Count(string topic, string name) => _topics[topic].GetProperty(name).GetInt64();

    /// <summary>Sum of the valid orders' stated totals (all currencies together, as the generator writes it).</summary>
    public decimal OrderTotal(string topic) => _topics[topic].GetProperty("total_amount").GetDecimal();

    /// <summary>Rejected messages of one topic by reason code.</summary>
    public IReadOnlyDictionary<string, long> Rejections(string topic) =>
        _topics[topic].GetProperty("rejections").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64(), StringComparer.Ordinal);
}
