using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Npgsql;

namespace Facet.Benchmarks;

/// <summary>
/// <c>window-latency</c> (bench/window-latency.sh, issue 19): end-to-end latency from an event to its updated window
/// row through <c>facet run</c>. Produces orders (Shape A JSON, event time = the wall clock when sent) at a steady
/// rate into a Kafka topic, and polls the PostgreSQL warehouse every 10 ms for the rows of a probe window definition
/// keyed by transaction_id (bench/window-latency-probe.json), so each order has a row of its own: its latency is the
/// first poll that sees the row minus the send time. Window rows commit in the batch transaction with every other
/// window and the checkpoints, so this is also when the built-in windows include the order.
///   window-latency --bootstrap B --topic T --warehouse CONN --rate N --duration S [--definition order_latency_probe]
/// Prints one JSON object: produced, seen, rate, p50/p95/p99/max latency in ms.
/// </summary>
public static class WindowLatencyHarness
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        string Required(string name) => options.TryGetValue(name, out var v) ? v : throw new ArgumentException($"window-latency needs --{name}");
        var rate = double.Parse(Required("rate"), CultureInfo.InvariantCulture);
        var duration = double.Parse(Required("duration"), CultureInfo.InvariantCulture);
        var definition = options.GetValueOrDefault("definition", "order_latency_probe");
        var count = (int)(rate * duration);
        var sentAtMs = new long[count];
        var seenAtMs = new long[count];

        await using var data = NpgsqlDataSource.Create(Required("warehouse"));
        using var stop = new CancellationTokenSource();
        var seen = 0;
        var polling = Task.Run(async () =>
        {
            // A cursor on first_updated_at (the batch's time; batches commit in order, one in flight), strictly after.
            var cursor = DateTime.UnixEpoch;
            await using var connection = await data.OpenConnectionAsync();
            await using var command = new NpgsqlCommand("SELECT window_key, first_updated_at FROM window_state WHERE definition = @d AND first_updated_at > @c", connection);
            command.Parameters.AddWithValue("d", definition);
            var at = command.Parameters.AddWithValue("c", cursor);
            while (!stop.IsCancellationRequested)
            {
                at.Value = cursor;
                await using (var reader = await command.ExecuteReaderAsync())
                {
                    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    while (await reader.ReadAsync())
                    {
                        var key = JsonSerializer.Deserialize<string[]>(reader.GetString(0))![0];
                        var index = int.Parse(key.AsSpan(4), CultureInfo.InvariantCulture);
                        if (seenAtMs[index] == 0)
                        {
                            seenAtMs[index] = now;
                            seen++;
                        }

                        var first = DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc);
                        cursor = first > cursor ? first : cursor;
                    }
                }

                await Task.Delay(10);
            }
        });

        var config = new ProducerConfig { BootstrapServers = Required("bootstrap"), LingerMs = 0, Acks = Acks.All, StickyPartitioningLingerMs = 0 };
        using (var producer = new ProducerBuilder<string, byte[]>(config).SetLogHandler((_, _) => { }).Build())
        {
            var topic = Required("topic");
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < count; i++)
            {
                // Paced against the schedule, not the previous send: a late send does not shift the ones after it.
                var due = TimeSpan.FromSeconds(i / rate);
                if (due > clock.Elapsed)
                {
                    await Task.Delay(due - clock.Elapsed);
                }

                var now = DateTimeOffset.UtcNow;
                sentAtMs[i] = now.ToUnixTimeMilliseconds();
                var order = new JsonObject
                {
                    ["transaction_id"] = "lat-" + i.ToString(CultureInfo.InvariantCulture),
                    ["customer_id"] = "c" + (i % 500).ToString(CultureInfo.InvariantCulture),
                    ["product_id"] = "p" + (i % 50).ToString(CultureInfo.InvariantCulture),
                    ["quantity"] = 1 + (i % 3),
                    ["price"] = 10 + (i % 7),
                    ["currency"] = "USD",
                    ["date_time"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
                    ["status"] = "completed",
                    ["payment_method"] = "credit card",
                };
                producer.Produce(topic, new Message<string, byte[]> { Key = (string)order["transaction_id"]!, Value = Encoding.UTF8.GetBytes(order.ToJsonString()) });
            }

            producer.Flush(TimeSpan.FromSeconds(30));
        }

        var deadline = Stopwatch.StartNew();
        while (Volatile.Read(ref seen) < count && deadline.Elapsed < TimeSpan.FromSeconds(120))
        {
            await Task.Delay(50);
        }

        await stop.CancelAsync();
        await polling;
        var latencies = Enumerable.Range(0, count).Where(i => seenAtMs[i] != 0).Select(i => (double)(seenAtMs[i] - sentAtMs[i])).Order().ToList();
        double? Percentile(double p) => latencies.Count == 0 ? null : latencies[Math.Min(latencies.Count - 1, (int)Math.Ceiling(p * latencies.Count) - 1)];
        Console.WriteLine(new JsonObject
        {
            ["produced"] = count,
            ["seen"] = latencies.Count,
            ["rate"] = rate,
            ["latency_p50_ms"] = Percentile(0.50),
            ["latency_p95_ms"] = Percentile(0.95),
            ["latency_p99_ms"] = Percentile(0.99),
            ["latency_max_ms"] = latencies.Count == 0 ? null : latencies[^1],
        }.ToJsonString());
        return latencies.Count == count ? 0 : 1;
    }
}
