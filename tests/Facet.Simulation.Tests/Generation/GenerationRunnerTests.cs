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
    public async Task RunAsync_paced_at_a_rate_sends_no_more_than_the_rate_allows_and_not_far_less()
    {
        var generator = fixture.Create(GeneratorFixture.Options());
        using var sink = new CountingSink();
        var clock = Stopwatch.StartNew();
        var counts = await GenerationRunner.RunAsync(generator, sink, new GenerationLimits(Duration: TimeSpan.FromSeconds(2), RatePerSecond: 5_000), null, CancellationToken.None);
        var elapsed = clock.Elapsed.TotalSeconds;

        // The bucket allows rate × elapsed (+1): never more. Less only if the machine cannot keep up, so the lower bound is generous.
        Assert.InRange(counts.Messages, 5_000, (5_000 * elapsed) + 1);
        Assert.InRange(counts.Messages, 5_000 * 2 * 0.5, 5_000 * 2 * 1.02 + 1);
        Assert.Equal(counts.Messages, sink.Messages);
    }

    [Fact]
    public async Task RunAsync_stops_on_cancellation_after_flushing_what_it_generated()
    {
        var generator = fixture.Create(GeneratorFixture.Options());
        using var sink = new CountingSink();
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

    private sealed class CountingSink : IEventSink
    {
        public long Messages { get; private set; }

        public bool Flushed { get; private set; }

        public long Failed => 0;

        public string? FirstError => null;

        public void Write(ReadOnlySpan<byte> payload) => Messages++;

        public void Flush(CancellationToken cancellationToken) => Flushed = true;

        public void Dispose()
        {
        }
    }
}
