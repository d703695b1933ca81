using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Facet.Testing;

namespace Facet.Reliability.Tests.Fixtures;

/// <summary>
/// The windowed commerce topics read back from the broker with a plain consumer and parsed with
/// <see cref="JsonDocument"/> (not Facet's decoders): every accepted product view and order as the window oracle sees
/// it — its id, the partition it was sent to, its event time and the fields the built-in windows aggregate. The
/// validity rules are <see cref="CommerceTopicRecount"/>'s (cut-off JSON, a negative view duration or quantity), and
/// the first send of an id wins.
/// </summary>
public sealed class WindowedTopicRecount
{
    /// <summary>Messages read per topic: accepted and rejected.</summary>
    public Dictionary<string, (long Accepted, long Rejected)> Topics { get; } = new(StringComparer.Ordinal) { ["product_views"] = (0, 0), ["transactions"] = (0, 0) };

    /// <summary>Accepted product views by view id: one row (key product_id; customer_id, timestamp, view_duration).</summary>
    public Dictionary<string, OracleRecord> Views { get; } = new(StringComparer.Ordinal);

    /// <summary>Accepted orders by transaction id: one row (key currency; total_amount).</summary>
    public Dictionary<string, OracleRecord> Orders { get; } = new(StringComparer.Ordinal);

    /// <summary>The same orders as order lines: a row per line (id "order#n", key product_id; customer_id, quantity, item_price).</summary>
    public Dictionary<string, OracleRecord> OrderLines { get; } = new(StringComparer.Ordinal);

    private long Messages => Topics.Values.Sum(static t => t.Accepted + t.Rejected);

    /// <summary>Reads both topics from the start until <paramref name="expected"/> messages arrived (stall timeout, not a total one).</summary>
    public static WindowedTopicRecount Read(string bootstrap, long expected, TimeSpan stall)
    {
        var recount = new WindowedTopicRecount();
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap, GroupId = $"window-recount-{Guid.NewGuid():N}", EnableAutoCommit = false, AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(recount.Topics.Keys);
        var sinceLast = Stopwatch.StartNew();
        while (recount.Messages < expected)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } result)
            {
                recount.Add(result.Topic, result.Partition.Value, result.Message.Value);
                sinceLast.Restart();
            }
            else if (sinceLast.Elapsed > stall)
            {
                throw new TimeoutException($"the window recount read {recount.Messages} of {expected} messages, then nothing for {stall.TotalSeconds:0} s");
            }
        }

        consumer.Close();
        return recount;
    }

    private void Add(string topic, int partition, byte[] value)
    {
        var (accepted, rejected) = Topics[topic];
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
            var record = document?.RootElement;
            var valid = record is { } r && (topic == "product_views"
                ? Number(r, "view_duration") is not < 0
                : r.GetProperty("line_items").EnumerateArray().All(static l => l.GetProperty("quantity").GetDecimal() >= 0));
            if (!valid)
            {
                Topics[topic] = (accepted, rejected + 1);
                return;
            }

            Topics[topic] = (accepted + 1, rejected);
            var json = record!.Value;
            if (topic == "product_views")
            {
                var id = json.GetProperty("view_id").GetString()!;
                var time = Time(json, "timestamp");
                Views.TryAdd(id, new OracleRecord(id, partition, time,
                [
                    new OracleRow(id, [json.GetProperty("product_id").GetString()], new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["customer_id"] = json.GetProperty("customer_id").GetString(),
                        ["timestamp"] = time,
                        ["view_duration"] = Number(json, "view_duration"),
                    }),
                ]));
                return;
            }

            var orderId = json.GetProperty("transaction_id").GetString()!;
            var createdAt = Time(json, "created_at");
            var customer = json.GetProperty("customer_id").GetString();
            Orders.TryAdd(orderId, new OracleRecord(orderId, partition, createdAt,
            [
                new OracleRow(orderId, [Text(json, "currency")], new Dictionary<string, object?>(StringComparer.Ordinal) { ["total_amount"] = Number(json, "total_amount") }),
            ]));
            OrderLines.TryAdd(orderId, new OracleRecord(orderId, partition, createdAt,
                [.. json.GetProperty("line_items").EnumerateArray().Select((line, i) => new OracleRow(
                    string.Create(CultureInfo.InvariantCulture, $"{orderId}#{i + 1}"), [line.GetProperty("product_id").GetString()], new Dictionary<string, object?>(StringComparer.Ordinal)
                    {
                        ["customer_id"] = customer,
                        ["quantity"] = Number(line, "quantity"),
                        ["item_price"] = Number(line, "item_price"),
                    }))]));
        }
    }

    private static DateTime Time(JsonElement record, string name) =>
        DateTime.Parse(record.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static decimal? Number(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDecimal() : null;
}
