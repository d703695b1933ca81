using System.Diagnostics;
using Confluent.Kafka;
using Facet.Simulation.Generation;
using Facet.Streaming;
using Facet.Testing;

namespace Facet.Simulation.Tests.Generation;

[Collection(GeneratorCollection.Name)]
public sealed class GenerationRunnerTests(GeneratorFixture fixture, EmbeddedKafka kafka) : IClassFixture<EmbeddedKafka>
{
    [Fact]
    public async Task RunAsync_produces_every_message_to_kafka_and_a_consumer_reads_them_all_back()
    {
        // 10k messages of ~0.8 KB over 6 partitions stay well under the mock broker's ~5 MB per partition.
        var topic = kafka.CreateTopic(partitions: 6);
        var generator = fixture.Create(GeneratorFixture.Options() with { Duplicates = 0.01, Malformed = 0.01 });
        GenerationCounts counts;
        long delivered;
        using (var sink = new KafkaEventSink(new KafkaConnectionOptions { BootstrapServers = kafka.BootstrapServers }, topic))
        {
            counts = await GenerationRunner.RunAsync(generator, sink, new GenerationLimits(Count: 10_000), null, CancellationToken.None);
            delivered = sink.Delivered;
            Assert.Equal(0, sink.Failed);
            Assert.Equal(0, sink.InFlight);
        }

        Assert.Equal(10_000, counts.Messages);
        Assert.Equal(10_000, delivered);
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(new ConsumerConfig
        {
            BootstrapServers = kafka.BootstrapServers,
            GroupId = EmbeddedKafka.NewGroupId(),
            EnableAutoCommit = false,
        }).Build();
        consumer.Assign(Enumerable.Range(0, 6).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var read = 0;
        var clock = Stopwatch.StartNew();
        while (read < 10_000 && clock.Elapsed < TimeSpan.FromSeconds(120))
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { } result)
            {
                Assert.Null(result.Message.Key);
                read++;
            }
        }

        consumer.Close();
        Assert.Equal(10_000, read);
    }

    [Fact]
    public async Task RunAsync_paced_at_a_rate_sends_what_the_rate_allows_over_the_duration_and_never_more_at_any_instant()
    {
        var clock = new VirtualClock();
        var generator = fixture.Create(GeneratorFixture.Options());
        using var sink = new CountingSink(clock, writeCost: TimeSpan.Zero);
        var counts = await GenerationRunner.RunAsync(generator, sink, new GenerationLimits(Duration: TimeSpan.FromSeconds(2), RatePerSecond: 5_000), null, clock, CancellationToken.None);

        // The bucket allows rate × elapsed + 1 at every instant; a sink that costs nothing gets all of it over 2 s
        // (the last wait lands on the 2 s mark, so at most one millisecond's worth is not sent).
        Assert.InRange(counts.Messages, 10_000 - 5 - 1, 10_001);
        Assert.Equal(counts.Messages, sink.Messages);
        Assert.All(sink.Sends, s => Assert.True(s.Sent <= (5_000 * s.At.TotalSeconds) + 1, $"{s.Sent} sent at {s.At.TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task RunAsync_paced_above_what_the_sink_can_take_sends_as_fast_as_the_sink_allows_and_stops_at_the_duration()
    {
        // Each message costs 0.5 ms: the sink takes 2,000/s while 5,000/s are asked for.
        var clock = new VirtualClock();
        var generator = fixture.Create(GeneratorFixture.Options());
        using var sink = new CountingSink(clock, writeCost: TimeSpan.FromMilliseconds(0.5));
        var counts = await GenerationRunner.RunAsync(generator, sink, new GenerationLimits(Duration: TimeSpan.FromSeconds(2), RatePerSecond: 5_000), null, clock, CancellationToken.None);

        // No waiting while behind: 4,000 fit in 2 s; the duration is checked between bursts of at most 0.1 s worth
        // (500 messages = 250 ms here), so the run ends within one burst after the 2 s mark.
        Assert.InRange(counts.Messages, 4_000, 4_000 + 500);
        Assert.InRange(clock.Now, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2.25));
        Assert.All(sink.Sends, s => Assert.True(s.Sent <= (5_000 * s.At.TotalSeconds) + 1, $"{s.Sent} sent at {s.At.TotalMilliseconds} ms"));
    }

    [Fact]
    public async Task RunAsync_paced_on_the_real_clock_never_sends_more_than_the_rate_allows()
    {
        var generator = fixture.Create(GeneratorFixture.Options());
        using var sink = new CountingSink(clock: null, writeCost: TimeSpan.Zero);
        var clock = Stopwatch.StartNew();
        var counts = await GenerationRunner.RunAsync(generator, sink, new GenerationLimits(Duration: TimeSpan.FromSeconds(1), RatePerSecond: 2_000), null, CancellationToken.None);
        var elapsed = clock.Elapsed.TotalSeconds;

        // Only the upper bound is a property of the real clock: how much less is sent depends on the machine's load.
        Assert.InRange(counts.Messages, 1, (2_000 * elapsed) + 1);
        Assert.Equal(counts.Messages, sink.Messages);
    }

    [Fact]
    public async Task RunAsync_stops_on_cancellation_after_flushing_what_it_generated()
    {
        var generator = fixture.Create(GeneratorFixture.Options());
        using var sink = new CountingSink(clock: null, writeCost: TimeSpan.Zero);
        using var cts = new CancellationTokenSource();
        var run = GenerationRunner.RunAsync(generator, sink, new GenerationLimits(RatePerSecond: 10_000), c =>
        {
            if (c.Messages > 1_000)
            {
                cts.Cancel();
            }
        }, cts.Token);

        var counts = await run.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(counts.Messages > 1_000);
        Assert.Equal(counts.Messages, sink.Messages);
        Assert.True(sink.Flushed);
    }

    [Fact]
    public async Task RunAsync_to_a_gzip_file_writes_one_line_per_message()
    {
        using var temp = new TempDirectory();
        var path = temp.File("events.ndjson.gz");
        var generator = fixture.Create(GeneratorFixture.Options() with { Malformed = 0.01 });
        using (var sink = NdjsonEventSink.Create(path))
        {
            await GenerationRunner.RunAsync(generator, sink, new GenerationLimits(Count: 3_000), null, CancellationToken.None);
        }

        await using var file = File.OpenRead(path);
        await using var gzip = new System.IO.Compression.GZipStream(file, System.IO.Compression.CompressionMode.Decompress);
        using var copy = new MemoryStream();
        await gzip.CopyToAsync(copy);
        Assert.Equal(3_000, copy.ToArray().Count(b => b == (byte)'\n'));
    }

    /// <summary>Counts messages; on a virtual clock, each write costs <c>writeCost</c> and is recorded with its time.</summary>
    private sealed class CountingSink(VirtualClock? clock, TimeSpan writeCost) : IEventSink
    {
        private readonly List<(TimeSpan At, long Sent)> _sends = [];

        public long Messages { get; private set; }

        public bool Flushed { get; private set; }

        public long Failed => 0;

        public string? FirstError => null;

        /// <summary>The clock's time when each message was written (before its cost), with the count including it.</summary>
        public IReadOnlyList<(TimeSpan At, long Sent)> Sends => _sends;

        public void Write(ReadOnlySpan<byte> payload)
        {
            Messages++;
            if (clock is not null)
            {
                _sends.Add((clock.Now, Messages));
                clock.Spend(writeCost);
            }
        }

        public void Flush(CancellationToken cancellationToken) => Flushed = true;

        public void Dispose()
        {
        }
    }
}
