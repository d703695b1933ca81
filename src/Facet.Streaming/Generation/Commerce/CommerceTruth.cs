using System.Text.Json;
using Facet.Core.Commerce;

namespace Facet.Streaming.Generation.Commerce;

/// <summary>The ground truth of a commerce run, per topic (docs/generator.md): exactly what the decoders accept and reject.</summary>
public sealed class CommerceTruth
{
    private readonly Dictionary<string, EntityTruth> _topics = CommerceTopics.All.ToDictionary(t => t, _ => new EntityTruth(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, EntityTruth> Topics => _topics;

    public long Messages => _topics.Values.Sum(t => t.Messages);

    public EntityTruth this[string topic] => _topics[topic];

    internal void Record(in CommerceItem item)
    {
        var truth = _topics[item.Topic];
        truth.Messages++;
        switch (item.Kind)
        {
            case CommerceItemKind.Duplicate:
                truth.Duplicates++;
                return;
            case CommerceItemKind.Malformed:
                truth.Malformed++;
                truth.Rejections[item.RejectionCode!] = truth.Rejections.GetValueOrDefault(item.RejectionCode!) + 1;
                return;
            case CommerceItemKind.Late:
                truth.Late++;
                break;
        }

        truth.Valid++;
        switch (item.Record)
        {
            case Order order:
                truth.Lines += order.Lines.Count;
                truth.Units += order.Lines.Sum(l => (long)l.Quantity);
                truth.Amount += order.TotalAmount ?? 0;
                truth.TotalMismatches += order.TotalMismatch ? 1 : 0;
                break;
            case ProductView view:
                truth.DurationSeconds += view.ViewDurationSeconds ?? 0;
                break;
        }
    }

    public void WriteTo(string path)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
        writer.WriteStartObject();
        writer.WriteNumber("messages", Messages);
        writer.WriteStartObject("topics");
        foreach (var topic in CommerceTopics.All)
        {
            var t = _topics[topic];
            writer.WriteStartObject(topic);
            writer.WriteNumber("messages", t.Messages);
            writer.WriteNumber("accepted", t.Accepted);
            writer.WriteNumber("valid", t.Valid);
            writer.WriteNumber("late", t.Late);
            writer.WriteNumber("duplicates", t.Duplicates);
            writer.WriteNumber("rejected", t.Malformed);
            writer.WriteStartObject("rejections");
            foreach (var (code, count) in t.Rejections)
            {
                writer.WriteNumber(code, count);
            }

            writer.WriteEndObject();
            if (topic == CommerceTopics.Transactions)
            {
                writer.WriteNumber("lines", t.Lines);
                writer.WriteNumber("units", t.Units);
                writer.WriteNumber("total_amount", t.Amount);
                writer.WriteNumber("total_mismatches", t.TotalMismatches);
            }
            else if (topic == CommerceTopics.ProductViews)
            {
                writer.WriteNumber("view_duration_seconds", t.DurationSeconds);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
