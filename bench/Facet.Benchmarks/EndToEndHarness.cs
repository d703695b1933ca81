using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Npgsql;

namespace Facet.Benchmarks;

/// <summary>
/// The end-to-end pieces of <c>bench/run.sh</c> (issue 11). Each command prints one JSON object on stdout.
/// <list type="bullet">
/// <item><c>e2e-produce</c>: produces the lines of an NDJSON file (bytes as they are: malformed lines stay malformed)
/// and watches a consumer group's committed offsets every 10 ms. Freshness of each message = the first time its offset
/// is seen committed − its Kafka timestamp (set when it was produced). Paced either at a fixed rate or closed-loop:
/// never more than <c>--max-lag</c> messages ahead of the group, because the mock broker keeps only ~5 MB per partition
/// and drops older data (ENVIRONMENT.md) — so a saturated consumer is always fed but never loses data. Messages go
/// round-robin to the partitions, so each holds at most max-lag ÷ partitions unconsumed messages (27k ÷ 6 = 4.5k
/// of ~850 bytes, under the mock's 5 MB). With <c>--warehouse-postgres CONNECTION</c> it also reports the freshness by the
/// warehouse's own checkpoints (<see cref="WarehouseCheckpointWatcher"/>): when the rows are in the reports.</item>
/// <item><c>e2e-bare</c>: the same producer with a bare Confluent consumer in this process that does nothing with the
/// messages (the Kafka ceiling).</item>
/// <item><c>copy-ceiling</c>: binary-exports <c>fact_events</c> and times a raw binary COPY of those rows into an
/// unindexed table (the PostgreSQL ceiling).</item>
/// <item><c>http-latency</c>: calls each URL N times (after 10 warm-up calls); p50/p95/max.</item>
/// </list>
/// </summary>
internal static class EndToEndHarness
{
    private static readonly TimeSpan CommitPoll = TimeSpan.FromMilliseconds(10);

    public static async Task<int> RunAsync(string command, string[] args)
    {
        var options = Options.Parse(args);
        JsonObject result = command switch
        {
            "e2e-produce" => ProduceAndWatch(options, bare: false),
            "e2e-bare" => ProduceAndWatch(options, bare: true),
            "copy-ceiling" => await CopyCeilingAsync(options),
            "http-latency" => await HttpLatencyAsync(options),
            _ => throw new ArgumentException($"unknown harness command '{command}'"),
        };
        Console.WriteLine(result.ToJsonString());
        return 0;
    }

    private static JsonObject ProduceAndWatch(Options options, bool bare)
    {
        var bootstrap = options.Required("bootstrap");
        var topic = options.Required("topic");
        var count = options.Long("count", 0);
        var rate = options.Long("rate", 0);
        var duration = options.Double("duration", 0);
        var maxLag = options.Long("max-lag", 80_000);
        var compression = Enum.Parse<CompressionType>(options.All("compression").LastOrDefault() ?? "lz4", ignoreCase: true);
        var stall = TimeSpan.FromSeconds(options.Double("stall-timeout", 60));
        var lines = new LineReader(options.Required("file"));
        for (var skip = options.Long("skip", 0); skip > 0 && lines.Next() is not null; skip--)
        {
        }

        if (duration > 0 && rate > 0)
        {
            count = (long)(rate * duration);
        }

        // Per partition, the Kafka timestamp (Unix ms) of each offset, filled by delivery reports.
        var produced = new PartitionLog();
        long delivered = 0;
        long failed = 0;
        var producerConfig = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 5,
            BatchNumMessages = 1_000,
            QueueBufferingMaxMessages = 200_000,
            Acks = Acks.All,
            CompressionType = compression,
        };
        using var producer = new ProducerBuilder<Null, byte[]>(producerConfig).SetLogHandler((_, _) => { }).Build();
        // The produce time of each message by sequence number; delivery reports map it to (partition, offset).
        var producedAt = new List<long>();
        void OnDelivery(DeliveryReport<Null, byte[]> report, int sequence)
        {
            if (report.Error.IsError)
            {
                Interlocked.Increment(ref failed);
                return;
            }

            long at;
            lock (producedAt)
            {
                at = producedAt[sequence];
            }

            produced.Set(report.Partition.Value, report.Offset.Value, at);
            Interlocked.Increment(ref delivered);
        }

        int partitionCount;
        using (var admin = new DependentAdminClientBuilder(producer.Handle).Build())
        {
            partitionCount = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.Count;
        }

        var partitions = Enumerable.Range(0, partitionCount).Select(p => new TopicPartition(topic, p)).ToArray();
        var watcher = bare ? (IProgressWatcher)new BareConsumer(bootstrap, topic) : new CommittedOffsetWatcher(bootstrap, topic, options.Required("group"));
        using var stop = new CancellationTokenSource();
        var watching = Task.Factory.StartNew(() => watcher.Run(stop.Token), TaskCreationOptions.LongRunning);
        if (!watcher.Ready.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("could not read the group's committed offsets within 30 s");
        }

        var warehouse = options.All("warehouse-postgres").LastOrDefault() is { } connectionString && !bare
            ? new WarehouseCheckpointWatcher(connectionString, topic, options.Required("group"), partitionCount)
            : null;
        var watchingWarehouse = warehouse is null ? Task.CompletedTask : Task.Factory.StartNew(() => warehouse.Run(stop.Token), TaskCreationOptions.LongRunning);
        if (warehouse is not null && !warehouse.Ready.Wait(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException("could not read the warehouse's checkpoints within 30 s", watchingWarehouse.Exception);
        }

        var clock = Stopwatch.StartNew();
        var firstProducedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var sent = 0L;
        var maxObservedLag = 0L;
        var fellBehindAfter = (double?)null;
        while ((count == 0 || sent < count) && lines.Next() is { } line)
        {
            if (rate > 0)
            {
                // Token bucket: never ahead of rate × elapsed.
                while (sent >= rate * clock.Elapsed.TotalSeconds)
                {
                    Thread.Sleep(1);
                }

                if (sent - watcher.Done >= maxLag)
                {
                    // The consumer cannot keep up with the rate: stop before the broker drops unread data.
                    fellBehindAfter = clock.Elapsed.TotalSeconds;
                    break;
                }
            }
            else
            {
                while (sent - watcher.Done >= maxLag)
                {
                    Thread.Sleep(1);
                }
            }

            while (true)
            {
                try
                {
                    var sequence = (int)sent;
                    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    lock (producedAt)
                    {
                        producedAt.Add(now);
                    }

                    producer.Produce(partitions[sent % partitionCount], new Message<Null, byte[]> { Value = line, Timestamp = new Timestamp(now, TimestampType.CreateTime) }, report => OnDelivery(report, sequence));
                    break;
                }
                catch (ProduceException<Null, byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
                {
                    producer.Poll(TimeSpan.FromMilliseconds(5));
                }
            }

            sent++;
            if ((sent & 1023) == 0)
            {
                maxObservedLag = Math.Max(maxObservedLag, sent - watcher.Done);
            }
        }

        var producing = clock.Elapsed;
        producer.Flush(TimeSpan.FromSeconds(60));
        // Give up when nothing was committed for a while (the consumer died, e.g. after data loss).
        var lastDone = watcher.Done;
        var lastChange = Stopwatch.StartNew();
        while (watcher.Done < sent && lastChange.Elapsed < stall)
        {
            Thread.Sleep(5);
            if (watcher.Done != lastDone)
            {
                lastDone = watcher.Done;
                lastChange.Restart();
            }
        }

        stop.Cancel();
        watching.Wait();
        watchingWarehouse.Wait();
        var complete = watcher.Done >= sent;
        var lastDoneMs = watcher.LastProgressUnixMs;
        var seconds = (lastDoneMs - firstProducedMs) / 1000.0;
        var freshness = bare ? [] : Freshness(produced, ((CommittedOffsetWatcher)watcher).Snapshots);
        freshness.Sort();
        var result = new JsonObject
        {
            ["mode"] = bare ? "bare-consumer" : rate > 0 ? $"fixed rate {rate}/s" : $"closed loop, max lag {maxLag}",
            ["compression"] = compression.ToString().ToLowerInvariant(),
            ["messages"] = sent,
            ["delivered"] = Interlocked.Read(ref delivered),
            ["delivery_failed"] = Interlocked.Read(ref failed),
            ["done"] = watcher.Done,
            ["complete"] = complete,
            ["produce_seconds"] = Math.Round(producing.TotalSeconds, 2),
            ["seconds"] = Math.Round(seconds, 2),
            ["per_second"] = Math.Round(watcher.Done / Math.Max(seconds, 0.001)),
            ["max_lag_seen"] = maxObservedLag,
            ["fell_behind_after_s"] = fellBehindAfter is { } f ? Math.Round(f, 1) : null,
            ["freshness_p50_ms"] = Percentile(freshness, 0.50),
            ["freshness_p99_ms"] = Percentile(freshness, 0.99),
            ["freshness_max_ms"] = freshness.Count > 0 ? freshness[^1] : null,
            ["freshness_samples"] = freshness.Count,
        };
        if (warehouse is not null)
        {
            // The same messages' freshness by the warehouse's own checkpoint (in the reports), without Kafka's auto-commit interval.
            var visible = Freshness(produced, warehouse.Snapshots);
            visible.Sort();
            result["warehouse_freshness_p50_ms"] = Percentile(visible, 0.50);
            result["warehouse_freshness_p99_ms"] = Percentile(visible, 0.99);
            result["warehouse_freshness_max_ms"] = visible.Count > 0 ? visible[^1] : null;
            result["warehouse_freshness_samples"] = visible.Count;
        }

        return result;
    }

    private static double? Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? null : sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * p))];

    /// <summary>Each message's commit time is the first snapshot whose committed offset for its partition passed it.</summary>
    private static List<double> Freshness(PartitionLog produced, List<(long UnixMs, long[] Offsets)> snapshots)
    {
        var values = new List<double>();
        foreach (var partition in produced.Partitions)
        {
            var timestamps = produced.Get(partition);
            long from = 0;
            foreach (var (unixMs, offsets) in snapshots)
            {
                var to = Math.Min(partition < offsets.Length ? offsets[partition] : 0, timestamps.Count);
                for (var offset = from; offset < to; offset++)
                {
                    if (timestamps[(int)offset] > 0)
                    {
                        values.Add(unixMs - timestamps[(int)offset]);
                    }
                }

                from = Math.Max(from, to);
            }
        }

        return values;
    }

    private static async Task<JsonObject> CopyCeilingAsync(Options options)
    {
        var connectionString = new NpgsqlConnectionStringBuilder(options.Required("postgres")) { CommandTimeout = 0 }.ConnectionString;
        var file = Path.Combine(Path.GetTempPath(), $"facet-copy-{Guid.NewGuid():N}.bin");
        await using var data = NpgsqlDataSource.Create(connectionString);
        try
        {
            await using (var connection = await data.OpenConnectionAsync())
            {
                await using (var drop = new NpgsqlCommand("DROP TABLE IF EXISTS raw_copy; CREATE TABLE raw_copy (LIKE fact_events)", connection))
                {
                    await drop.ExecuteNonQueryAsync();
                }

                await using var export = await connection.BeginRawBinaryCopyAsync("COPY (SELECT * FROM fact_events) TO STDOUT (FORMAT BINARY)");
                await using var output = File.Create(file);
                await export.CopyToAsync(output);
            }

            var bytes = new FileInfo(file).Length;
            await using (var connection = await data.OpenConnectionAsync())
            {
                var clock = Stopwatch.StartNew();
                await using (var transaction = await connection.BeginTransactionAsync())
                {
                    await using (var import = await connection.BeginRawBinaryCopyAsync("COPY raw_copy FROM STDIN (FORMAT BINARY)"))
                    {
                        await using var input = File.OpenRead(file);
                        await input.CopyToAsync(import);
                    }

                    await transaction.CommitAsync();
                }

                var seconds = clock.Elapsed.TotalSeconds;
                await using var countCommand = new NpgsqlCommand("SELECT count(*) FROM raw_copy", connection);
                var rows = (long)(await countCommand.ExecuteScalarAsync())!;
                await using var dropAgain = new NpgsqlCommand("DROP TABLE raw_copy", connection);
                await dropAgain.ExecuteNonQueryAsync();
                return new JsonObject
                {
                    ["rows"] = rows,
                    ["bytes"] = bytes,
                    ["seconds"] = Math.Round(seconds, 3),
                    ["per_second"] = Math.Round(rows / seconds),
                };
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<JsonObject> HttpLatencyAsync(Options options)
    {
        var calls = (int)options.Long("calls", 200);
        using var http = new HttpClient { BaseAddress = new Uri(options.Required("base")) };
        var endpoints = new JsonArray();
        foreach (var spec in options.All("url"))
        {
            var equals = spec.IndexOf('=', StringComparison.Ordinal);
            var (name, url) = (spec[..equals], spec[(equals + 1)..]);
            var times = new List<double>(calls);
            var bytes = 0L;
            for (var i = 0; i < calls + 10; i++)
            {
                var call = Stopwatch.StartNew();
                using var response = await http.GetAsync(url);
                var body = await response.Content.ReadAsByteArrayAsync();
                if (!response.IsSuccessStatusCode)
                {
                    throw new HttpRequestException($"{url}: {(int)response.StatusCode} {System.Text.Encoding.UTF8.GetString(body)}");
                }

                if (i >= 10)
                {
                    times.Add(call.Elapsed.TotalMilliseconds);
                    bytes = body.Length;
                }
            }

            times.Sort();
            endpoints.Add(new JsonObject
            {
                ["name"] = name,
                ["url"] = url,
                ["calls"] = calls,
                ["response_bytes"] = bytes,
                ["p50_ms"] = Math.Round(times[times.Count / 2], 2),
                ["p95_ms"] = Math.Round(times[(int)(times.Count * 0.95)], 2),
                ["max_ms"] = Math.Round(times[^1], 2),
            });
        }

        return new JsonObject { ["endpoints"] = endpoints };
    }

    private interface IProgressWatcher
    {
        /// <summary>Messages consumed (bare) or committed by the group, summed over partitions.</summary>
        long Done { get; }

        long LastProgressUnixMs { get; }

        /// <summary>Set once the starting position is known (offsets already committed before this run don't count).</summary>
        ManualResetEventSlim Ready { get; }

        void Run(CancellationToken stop);
    }

    /// <summary>Polls the group's committed offsets (Facet commits them to Kafka right after the warehouse commit).</summary>
    private sealed class CommittedOffsetWatcher(string bootstrap, string topic, string group) : IProgressWatcher
    {
        private long _done;
        private long _lastProgress;
        private long? _baseline;

        public List<(long UnixMs, long[] Offsets)> Snapshots { get; } = [];

        public ManualResetEventSlim Ready { get; } = new();

        public long Done => Interlocked.Read(ref _done);

        public long LastProgressUnixMs => Interlocked.Read(ref _lastProgress);

        public void Run(CancellationToken stop)
        {
            // Never subscribes: an offset fetch for the group does not make this client a member.
            var config = new ConsumerConfig { BootstrapServers = bootstrap, GroupId = group, EnableAutoCommit = false };
            using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).SetLogHandler((_, _) => { }).Build();
            using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
            var partitions = admin.GetMetadata(topic, TimeSpan.FromSeconds(10)).Topics[0].Partitions.ConvertAll(p => new TopicPartition(topic, p.PartitionId));
            var previous = -1L;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var committed = consumer.Committed(partitions, TimeSpan.FromSeconds(5));
                    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                    var offsets = new long[partitions.Count];
                    var total = 0L;
                    foreach (var tpo in committed)
                    {
                        var next = tpo.Offset.IsSpecial ? 0 : tpo.Offset.Value;
                        offsets[tpo.Partition.Value] = next;
                        total += next;
                    }

                    _baseline ??= total;
                    Ready.Set();
                    if (total != previous)
                    {
                        Snapshots.Add((now, offsets));
                        Interlocked.Exchange(ref _lastProgress, now);
                        Interlocked.Exchange(ref _done, total - _baseline.Value);
                        previous = total;
                    }
                }
                catch (KafkaException)
                {
                    // A slow broker answer: try again on the next tick.
                }

                stop.WaitHandle.WaitOne(CommitPoll);
            }
        }
    }

    /// <summary>The Kafka ceiling: consume with the same fetch settings as <c>facet run</c> and do nothing.</summary>
    private sealed class BareConsumer(string bootstrap, string topic) : IProgressWatcher
    {
        private long _done;
        private long _lastProgress;

        public long Done => Interlocked.Read(ref _done);

        public long LastProgressUnixMs => Interlocked.Read(ref _lastProgress);

        public ManualResetEventSlim Ready { get; } = new(initialState: true);

        public void Run(CancellationToken stop)
        {
            var config = new ConsumerConfig
            {
                BootstrapServers = bootstrap,
                GroupId = "bare-" + Guid.NewGuid().ToString("N")[..8],
                EnableAutoCommit = false,
                EnableAutoOffsetStore = false,
                AutoOffsetReset = AutoOffsetReset.Earliest,
                QueuedMaxMessagesKbytes = 32 * 1024,
            };
            using var consumer = new ConsumerBuilder<Ignore, byte[]>(config).SetLogHandler((_, _) => { }).Build();
            consumer.Subscribe(topic);
            var bytes = 0L;
            while (!stop.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
                if (result is not null)
                {
                    bytes += result.Message.Value.Length;
                    Interlocked.Increment(ref _done);
                    Interlocked.Exchange(ref _lastProgress, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
                }
            }

            GC.KeepAlive(bytes);
            consumer.Close();
        }
    }

    /// <summary>Kafka timestamps by partition and offset (offsets of a fresh topic start at 0).</summary>
    private sealed class PartitionLog
    {
        private readonly Dictionary<int, List<long>> _partitions = [];

        public IEnumerable<int> Partitions
        {
            get
            {
                lock (_partitions)
                {
                    return [.. _partitions.Keys];
                }
            }
        }

        public void Set(int partition, long offset, long unixMs)
        {
            lock (_partitions)
            {
                if (!_partitions.TryGetValue(partition, out var list))
                {
                    _partitions[partition] = list = [];
                }

                while (list.Count <= offset)
                {
                    list.Add(0);
                }

                list[(int)offset] = unixMs;
            }
        }

        public List<long> Get(int partition)
        {
            lock (_partitions)
            {
                return _partitions[partition];
            }
        }
    }

    /// <summary>Reads a file line by line as raw bytes (no UTF-8 decoding: invalid bytes must reach Kafka unchanged).</summary>
    private sealed class LineReader(string path)
    {
        private readonly BufferedStream _stream = new(File.OpenRead(path), 1 << 20);
        private readonly MemoryStream _line = new();

        public byte[]? Next()
        {
            _line.SetLength(0);
            int b;
            while ((b = _stream.ReadByte()) >= 0)
            {
                if (b == '\n')
                {
                    return _line.ToArray();
                }

                _line.WriteByte((byte)b);
            }

            return _line.Length > 0 ? _line.ToArray() : null;
        }
    }

    private sealed class Options
    {
        private readonly List<(string Key, string Value)> _values = [];

        public static Options Parse(string[] args)
        {
            var options = new Options();
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                if (!args[i].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new ArgumentException($"expected --name value, got '{args[i]}'");
                }

                options._values.Add((args[i][2..], args[i + 1]));
            }

            return options;
        }

        public IEnumerable<string> All(string key) => _values.Where(v => v.Key == key).Select(v => v.Value);

        public string Required(string key) => All(key).LastOrDefault() ?? throw new ArgumentException($"--{key} is required");

        public long Long(string key, long fallback) => All(key).LastOrDefault() is { } v ? long.Parse(v, CultureInfo.InvariantCulture) : fallback;

        public double Double(string key, double fallback) => All(key).LastOrDefault() is { } v ? double.Parse(v, CultureInfo.InvariantCulture) : fallback;
    }
}
