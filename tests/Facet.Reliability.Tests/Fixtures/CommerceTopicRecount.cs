using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Facet.Core.Events;
using Facet.Testing;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>
/// An independent recount of the commerce messages on the broker: every message of the seven entity topics read back
/// with a plain consumer and parsed with <see cref="JsonDocument"/> (not Facet's decoders), judged by the generator's
/// injected faults (cut-off JSON, an empty customer id, a negative price, quantity or view duration, a rating above 5,
/// a click in 1999, an empty log message), deduplicated by entity id with the first send winning. Its counts are
/// checked against the truth file too, so a rule that misses a fault fails the test instead of hiding it.
/// </summary>
public sealed class CommerceTopicRecount
{
    private static readonly Dictionary<string, string> IdFields = new(StringComparer.Ordinal)
    {
        ["customers"] = "customer_id", ["products"] = "product_id", ["transactions"] = "transaction_id", ["product_views"] = "view_id",
        ["user_interactions"] = "interaction_id", ["click_stream"] = "event_id", ["system_logs"] = "log_id",
    };

    /// <summary>Per topic: messages read, accepted (valid and duplicates), rejected.</summary>
    public Dictionary<string, (long Messages, long Accepted, long Rejected)> Topics { get; } = IdFields.Keys.ToDictionary(t => t, _ => (0L, 0L, 0L), StringComparer.Ordinal);

    /// <summary>Per topic: the distinct ids of accepted messages.</summary>
    public Dictionary<string, HashSet<string>> Ids { get; } = IdFields.Keys.ToDictionary(t => t, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);

    /// <summary>Accepted orders by id (first send wins): line items, units, stated total and currency.</summary>
    public Dictionary<string, (int Lines, long Units, decimal Total, string Currency)> Orders { get; } = new(StringComparer.Ordinal);

    public long Messages => Topics.Values.Sum(t => t.Messages);

    /// <summary>The same messages decoded by the streams' decoders, deduplicated: what <see cref="ShopOracle"/> recounts the reports from.</summary>
    public CommerceRecords Records { get; } = new();

    /// <summary>Reads every topic from the start until <paramref name="expected"/> messages arrived (stall timeout, not a total one).</summary>
    public static CommerceTopicRecount Read(string bootstrap, long expected, TimeSpan stall)
    {
        var recount = new CommerceTopicRecount();
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = $"recount-{Guid.NewGuid():N}", EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(IdFields.Keys);
        var sinceLast = Stopwatch.StartNew();
        while (recount.Messages < expected)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result)
            {
                recount.Add(result.Topic, result.Message.Value);
                recount.Records.AddMessage(result.Topic, result.Message.Value, SourcePosition.Kafka(result.Topic, result.Partition.Value, result.Offset.Value));
                sinceLast.Restart();
            }
            else if (sinceLast.Elapsed > stall)
            {
                throw new TimeoutException($"the recount read {recount.Messages} of {expected} messages, then nothing for {stall.TotalSeconds:0} s");
            }
        }

        consumer.Close();
        return recount;
    }

    private void Add(string topic, byte[] value)
    {
        var (messages, accepted, rejected) = Topics[topic];
        messages++;
        JsonDocument? document = null;
        try
        {
            document = JsonDocument.Parse(value);
        }
        catch (JsonException)
        {
            // A message the generator cut short: invalid_json.
        }

        using (document)
        {
            if (document is not null && IsValid(topic, document.RootElement) && document.RootElement.GetProperty(IdFields[topic]).GetString() is { Length: > 0 } id)
            {
                accepted++;
                Ids[topic].Add(id);
                if (topic == "transactions")
                {
                    var lines = document.RootElement.GetProperty("line_items").EnumerateArray().Select(l => l.GetProperty("quantity").GetInt64()).ToList();
                    var total = document.RootElement.TryGetProperty("total_amount", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetDecimal() : 0m;
                    var currency = document.RootElement.TryGetProperty("currency", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
                    Orders.TryAdd(id, (lines.Count, lines.Sum(), total, currency));
                }
            }
            else
            {
                rejected++;
            }
        }

        Topics[topic] = (messages, accepted, rejected);
    }

    private static bool IsValid(string topic, JsonElement record) => topic switch
    {
        "products" => Number(record, "price") is not < 0,
        "transactions" => record.GetProperty("line_items").EnumerateArray().All(l => l.GetProperty("quantity").GetDecimal() >= 0),
        "product_views" => Number(record, "view_duration") is not < 0,
        "user_interactions" => Number(record, "rating") is not > 5,
        "click_stream" => !record.GetProperty("event_time").GetString()!.StartsWith("1999", StringComparison.Ordinal),
        "system_logs" => record.GetProperty("message").GetString() is { Length: > 0 },
        _ => true,
    };

    private static decimal? Number(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;

    /// <summary>Units and amount per currency of the accepted orders, for messages.</summary>
    public override string ToString() => string.Join(", ", Orders.Values.GroupBy(o => o.Currency).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}: {g.Sum(o => o.Total)}")));
}
