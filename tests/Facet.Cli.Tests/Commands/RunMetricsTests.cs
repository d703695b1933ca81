using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Facet.Testing;

namespace Facet.Cli.Tests.Commands;

/// <summary>
/// <c>facet run --metrics-port</c> and OTLP export (issue 23 item 5): the scrape is parsed by a real Prometheus text
/// parser (python3-prometheus-client) and its numbers are checked against what the test sent and the warehouse holds.
/// </summary>
public sealed class RunMetricsTests(EmbeddedKafka kafka, PostgresDatabase postgres) : IClassFixture<EmbeddedKafka>, IClassFixture<PostgresDatabase>
{
    private const int Partitions = 4;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private string[] RunArguments(string topic, string group, params string[] extra) =>
    [
        "run", "--kafka", kafka.BootstrapServers, "--topic", topic, "--group", group, "--warehouse", postgres.ConnectionString,
        "--trigger", "200ms", "--max-batch", "700", .. extra,
    ];

    private async Task MigrateAsync()
    {
        var (code, _, error) = await FacetProcess.RunAsync(["db", "migrate", "--warehouse", postgres.ConnectionString], TimeSpan.FromSeconds(60));
        Assert.True(code == 0, error);
    }

    [Fact]
    public async Task Run_serves_lag_batches_and_rejects_by_reason_that_match_what_was_loaded()
    {
        await MigrateAsync();
        var topic = kafka.CreateTopic(Partitions, prefix: "metrics");
        var group = EmbeddedKafka.NewGroupId("metrics");
        var script = TestEvents.Script(4_000, seed: "metrics");
        // Besides the script's broken JSON, lines that parse but lack an id: a second reason code to count apart.
        const int missingIds = 7;
        byte[][] noId = [.. Enumerable.Range(0, missingIds).Select(_ => Encoding.UTF8.GetBytes("{\"collection\":\"view_product_detail\",\"time_stamp\":1732089600}"))];
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, [.. script.Lines, .. noId], Partitions);
        var messages = script.Lines.Count + missingIds;
        var probe = WarehouseProbe.Postgres(postgres.ConnectionString);

        // MetricsRun starts facet again on another port if the free port it picked was taken before facet bound it.
        var (started, port) = await MetricsRun.StartAsync(RunArguments(topic, group), Timeout);
        await using var run = started;
        await Eventually.Until(() => probe.CheckpointSumAsync(group, topic), n => n == messages, Timeout, "every message to be checkpointed");
        // The counters move right after the commit the checkpoint query saw: scrape until they caught up. Consumed
        // reaches its total when the last batch is read, before it commits; a partition's lag reaches 0 only after the
        // commit is counted (the batch counters move first), so every lag at 0 is what says the counters are final.
        var samples = await Eventually.Until(
            () => PrometheusScrape.ScrapeAsync(port),
            s => Value(s, "facet_messages_consumed_total") == messages && Lags(s) is { Count: Partitions } lags && lags.Values.All(static lag => lag == 0),
            Timeout,
            "the scrape to show every message consumed");

        var batches = await probe.ScalarAsync($"SELECT count(*) FROM pipeline_batches WHERE worker_id LIKE '%-{run.Id}'");
        Assert.Equal(batches, Value(samples, "facet_batches_committed_total"));
        Assert.Equal("counter", samples.First(s => s.Name == "facet_batches_committed_total").Type);
        Assert.Equal(script.DistinctValidIds, Value(samples, "facet_events_inserted_total"));
        Assert.Equal(script.Malformed + missingIds, Value(samples, "facet_events_rejected_total"));

        // Lag per partition: every partition of the topic, each read to its end.
        var lags = Lags(samples);
        Assert.Equal(Enumerable.Range(0, Partitions).Select(p => p.ToString(CultureInfo.InvariantCulture)), lags.Keys.Order(StringComparer.Ordinal));
        Assert.All(lags.Values, lag => Assert.Equal(0, lag));

        // Rejects by reason: what the test sent, and exactly what bad_events holds.
        var rejects = samples.Where(s => s.Name == "facet_rejects_total" && s.Label("topic") == topic).ToDictionary(s => s.Label("reason")!, s => s.Value, StringComparer.Ordinal);
        Assert.Equal(new Dictionary<string, double> { ["invalid_json"] = script.Malformed, ["missing_id"] = missingIds }, rejects);
        foreach (var (reason, count) in rejects)
        {
            Assert.Equal((reason, (long)count), (reason, await probe.ScalarAsync($"SELECT count(*) FROM bad_events WHERE source = '{topic}' AND reason_code = '{reason}'")));
        }

        // Batch duration is a histogram in seconds whose count is the batches; state gauges say all is well.
        Assert.Equal("histogram", samples.First(s => s.Family == "facet_batch_duration_seconds").Type);
        Assert.Equal(batches, Value(samples, "facet_batch_duration_seconds_count"));
        Assert.Equal(batches, samples.Single(s => s.Name == "facet_batch_duration_seconds_bucket" && s.Label("le") == "+Inf").Value);
        Assert.Equal(1, Value(samples, "facet_kafka_available"));
        Assert.Equal(1, Value(samples, "facet_warehouse_available"));
        Assert.Equal(1, samples.Single(s => s.Name == "facet_processor_state" && s.Label("state") == "running").Value);
        Assert.Equal(0, samples.Where(s => s.Name == "facet_processor_state" && s.Label("state") != "running").Sum(s => s.Value));
        Assert.True(Value(samples, "facet_freshness_latest_seconds") >= 0);
        Assert.Contains($"Prometheus metrics at http://127.0.0.1:{port}/metrics", run.StandardError, StringComparison.Ordinal);

        run.Signal(15);
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public async Task Run_with_a_metrics_port_already_taken_exits_2_naming_the_flag()
    {
        await MigrateAsync();
        using var taken = new HttpListener();
        var port = PrometheusScrape.FreePort();
        taken.Prefixes.Add($"http://127.0.0.1:{port}/");
        taken.Start();

        var (code, _, error) = await FacetProcess.RunAsync(RunArguments("metrics-taken", EmbeddedKafka.NewGroupId(), "--metrics-port", port.ToString(CultureInfo.InvariantCulture)), Timeout);

        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Contains("--metrics-port", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// A scraper that is already polling when facet starts (Prometheus against a restarting <c>facet run</c>): a
    /// connection that arrived while .NET's managed HttpListener started crashed the whole process (ArgumentNullException
    /// in HttpEndPointListener.ProcessAccept, dotnet/corefx#35191). A client connects and sends GET /metrics in a tight
    /// loop from before each start until facet answers; facet must answer and live on, every time.
    /// </summary>
    [Fact]
    public async Task Run_survives_a_scraper_that_connects_while_its_metrics_endpoint_starts()
    {
        const int starts = 8;
        await MigrateAsync();
        var topic = kafka.CreateTopic(1, prefix: "metrics-race");
        var group = EmbeddedKafka.NewGroupId("metrics-race");
        var answered = 0;
        List<string> portTaken = [];
        for (var attempt = 0; answered < starts && attempt < starts + 5; attempt++)
        {
            var port = PortOutsideEphemeralRange();
            using var stop = new CancellationTokenSource(Timeout);
            var scraper = ScrapeFromBeforeStartAsync(port, stop.Token);
            await using var run = FacetProcess.Start(RunArguments(topic, group, "--metrics-port", port.ToString(CultureInfo.InvariantCulture)));
            while (!run.HasExited && !scraper.IsCompleted && !stop.IsCancellationRequested)
            {
                await Task.Delay(20, CancellationToken.None);
            }

            await stop.CancelAsync();
            var scrape = await scraper;
            if (run.HasExited && run.StandardError.Contains("cannot listen on", StringComparison.Ordinal) && run.StandardError.Contains("in use", StringComparison.OrdinalIgnoreCase))
            {
                // The port was free when picked and taken before facet bound it (not by this test's client, whose
                // ports are ephemeral): pick another, as MetricsRun does. Only "in use" counts: under the managed
                // HttpListener the crash itself surfaced as "cannot listen on … (Value cannot be null.)".
                portTaken.Add(run.StandardError);
                continue;
            }

            Assert.False(run.HasExited, $"facet exited while a scraper connected during its start-up (start {answered + 1}, {scrape.Connects} connects, {scrape.Refused} refused):\n{run.StandardError}");
            Assert.True(scrape.Answer is not null, $"no answer on port {port} within {Timeout.TotalSeconds:0} s ({scrape.Connects} connects, {scrape.Refused} refused):\n{run.StandardError}");
            Assert.Contains("# TYPE ", scrape.Answer, StringComparison.Ordinal);
            // Still alive after answering, and a scrape the reference parser accepts.
            await PrometheusScrape.ScrapeAsync(port);
            Assert.False(run.HasExited, run.StandardError);
            answered++;
        }

        Assert.True(answered == starts, $"{answered} of {starts} starts answered; the port was taken {portTaken.Count} times:\n{string.Join("\n", portTaken)}");
    }

    /// <summary>
    /// Connects to 127.0.0.1:<paramref name="port"/> and sends GET /metrics in a tight loop on its own thread (connection
    /// refused until facet listens) until a 200 answer comes or <paramref name="stop"/> fires; returns the answer's body.
    /// </summary>
    private static Task<(int Connects, int Refused, string? Answer)> ScrapeFromBeforeStartAsync(int port, CancellationToken stop) =>
        Task.Factory.StartNew(
            () =>
            {
                var endpoint = new IPEndPoint(IPAddress.Loopback, port);
                var request = Encoding.ASCII.GetBytes($"GET /metrics HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n");
                var buffer = new byte[64 * 1024];
                var (connects, refused) = (0, 0);
                while (!stop.IsCancellationRequested)
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                    {
                        NoDelay = true,
                        ReceiveTimeout = 5_000,
                        SendTimeout = 5_000,
                    };
                    try
                    {
                        socket.Connect(endpoint);
                    }
                    catch (SocketException)
                    {
                        refused++;
                        continue;
                    }

                    connects++;
                    try
                    {
                        socket.Send(request);
                        using var response = new MemoryStream();
                        int read;
                        while ((read = socket.Receive(buffer)) > 0)
                        {
                            response.Write(buffer, 0, read);
                        }

                        var text = Encoding.UTF8.GetString(response.ToArray());
                        if (text.StartsWith("HTTP/1.1 200", StringComparison.Ordinal) && text.IndexOf("\r\n\r\n", StringComparison.Ordinal) is var end and >= 0)
                        {
                            return (connects, refused, (string?)text[(end + 4)..]);
                        }
                    }
                    catch (SocketException)
                    {
                        // Reset or timed out: the server dropped the connection (or died, which the test sees).
                    }
                }

                return (connects, refused, null);
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>
    /// A free port below the kernel's ephemeral range: a client hammering connect() on a port inside that range can be
    /// given that very port as its own source and connect to itself (TCP simultaneous open), which takes the port.
    /// </summary>
    private static int PortOutsideEphemeralRange()
    {
        var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        var low = int.Parse(range[0], CultureInfo.InvariantCulture);
        for (var i = 0; i < 100; i++)
        {
            var candidate = Random.Shared.Next(10_000, low);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, candidate);
                probe.Start();
                return candidate;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException($"no free port between 10000 and {low}");
    }

    [Fact]
    public async Task Run_exports_its_metrics_over_OTLP_as_protobuf_over_HTTP_when_OTEL_EXPORTER_OTLP_ENDPOINT_is_set()
    {
        await MigrateAsync();
        var topic = kafka.CreateTopic(Partitions, prefix: "otlp");
        var group = EmbeddedKafka.NewGroupId("otlp");
        var script = TestEvents.Script(500, seed: "otlp");
        await KafkaTestProducer.ProduceAsync(kafka.BootstrapServers, topic, script.Lines, Partitions);
        using var receiver = new OtlpTestReceiver();

        await using var run = FacetProcess.Start(RunArguments(topic, group), new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint,
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "1000",
        });
        // The first exports may precede the first commit (an instrument appears once it has a value): wait for one
        // that carries the batch duration.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        OtlpRequest request;
        do
        {
            request = await receiver.NextAsync(Timeout - clock.Elapsed);
        }
        while (!Encoding.UTF8.GetString(request.Body).Contains("facet.batch.duration", StringComparison.Ordinal));

        Assert.Equal("POST", request.Method);
        Assert.Equal("/v1/metrics", request.Path);
        Assert.Equal("application/x-protobuf", request.ContentType);
        // The instruments' names are strings in the protobuf message: the export carries the processor's meter.
        Assert.Contains("Facet.Streaming", Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.Contains("facet.messages.consumed", Encoding.UTF8.GetString(request.Body), StringComparison.Ordinal);
        Assert.Contains($"Exporting metrics over OTLP to {receiver.Endpoint}", run.StandardError, StringComparison.Ordinal);
        run.Signal(15);
        Assert.Equal(0, await run.WaitForExitAsync(TimeSpan.FromSeconds(60)));
    }

    private static double Value(IReadOnlyList<PrometheusSample> samples, string name) =>
        samples.Where(s => s.Name == name).Select(s => s.Value).DefaultIfEmpty(double.NaN).Sum();

    private static Dictionary<string, double> Lags(IReadOnlyList<PrometheusSample> samples) =>
        samples.Where(s => s.Name == "facet_consumer_lag").ToDictionary(s => s.Label("partition")!, s => s.Value, StringComparer.Ordinal);
}
