using Confluent.Kafka;
using Facet.Testing;
using static Facet.Testing.MirrorTestMessages;

namespace Facet.Cli.Tests.Commands;

public sealed class MirrorCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private static async Task<(FacetProcess Process, string Bootstrap)> StartKafkaAsync(string topic, int partitions)
    {
        var kafka = FacetProcess.Start(["kafka", "dev", "--topic", topic, "--partitions", partitions.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        var line = await kafka.WaitForLineAsync(l => l.StartsWith("bootstrap.servers=", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        return (kafka, line["bootstrap.servers=".Length..]);
    }

    private static string[] MirrorArguments(string from, string to, params string[] extra) =>
    [
        "mirror", "--from", from, "--from-topic", "src", "--to", to, "--to-topic", "dst", "--group", "facet-mirror", "--max-batch", "500",
        // The mock's rebalance timers follow the session timeout: a short one lets a restarted member in quickly.
        "--from-kafka-config", "session.timeout.ms=6000", "--from-kafka-config", "heartbeat.interval.ms=500", .. extra,
    ];

    private static long Copied(string bootstrap)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "watermarks" }).Build();
        return Enumerable.Range(0, 3).Sum(p => consumer.QueryWatermarkOffsets(new TopicPartition("dst", p), TimeSpan.FromSeconds(10)).High.Value);
    }

    /// <summary>Produces <paramref name="count"/> messages in chunks, so the mirror is stopped while messages still flow.</summary>
    private static Task ProduceInBackground(string bootstrap, int count) => Task.Run(() =>
    {
        for (var from = 0; from < count; from += 500)
        {
            Produce(bootstrap, "src", from, Math.Min(count, from + 500), 3);
        }
    });

    [Fact]
    public async Task Mirror_stopped_with_SIGTERM_mid_stream_and_restarted_delivers_every_message_exactly_once()
    {
        var (sourceKafka, source) = await StartKafkaAsync("src", 3);
        await using var _ = sourceKafka;
        var (destinationKafka, destination) = await StartKafkaAsync("dst", 3);
        await using var __ = destinationKafka;
        const int count = 30_000;
        var producing = ProduceInBackground(source, count);

        await using (var mirror = FacetProcess.Start(MirrorArguments(source, destination)))
        {
            await mirror.WaitForLineAsync(l => l.Contains("partitions assigned", StringComparison.Ordinal), Timeout);
            await Eventually.Until(() => Task.FromResult(Copied(destination)), copied => copied >= 3000, Timeout, "the mirror to copy 3000 messages");
            Assert.False(producing.IsCompleted, "the stop should happen while messages are still being produced");
            mirror.Signal(15);
            Assert.Equal(0, await mirror.WaitForExitAsync(Timeout));
            Assert.Contains("mirrored ", mirror.StandardOutput, StringComparison.Ordinal);
            Assert.True(Copied(destination) < count, "the first run should stop mid-stream");
        }

        await producing.WaitAsync(Timeout);
        await using (var restarted = FacetProcess.Start(MirrorArguments(source, destination, "--stop-when-idle", "2s")))
        {
            Assert.Equal(0, await restarted.WaitForExitAsync(Timeout));
        }

        var copies = ReadAll(destination, "dst");
        Assert.Equal(count, copies.Count);
        Assert.Equal(Enumerable.Range(0, count), copies.Select(c => Sequence(c.Message)).Order());
        foreach (var copy in copies)
        {
            AssertIntact(copy.Message);
            Assert.Equal(Sequence(copy.Message) % 3, copy.Partition.Value);
        }
    }

    [Fact]
    public async Task Mirror_killed_with_SIGKILL_and_restarted_loses_nothing_and_recopies_at_most_one_batch()
    {
        var (sourceKafka, source) = await StartKafkaAsync("src", 3);
        await using var _ = sourceKafka;
        var (destinationKafka, destination) = await StartKafkaAsync("dst", 3);
        await using var __ = destinationKafka;
        const int count = 30_000;
        var producing = ProduceInBackground(source, count);

        await using (var mirror = FacetProcess.Start(MirrorArguments(source, destination)))
        {
            await Eventually.Until(() => Task.FromResult(Copied(destination)), copied => copied >= 3000, Timeout, "the mirror to copy 3000 messages");
            mirror.Signal(9);
            Assert.NotEqual(0, await mirror.WaitForExitAsync(Timeout));
        }

        await producing.WaitAsync(Timeout);
        await using (var restarted = FacetProcess.Start(MirrorArguments(source, destination, "--stop-when-idle", "2s")))
        {
            Assert.Equal(0, await restarted.WaitForExitAsync(Timeout));
        }

        // Without transactional offsets (the mock discards them, docs/mirror.md) a hard kill can leave the last batch
        // delivered but uncommitted: it is copied again, exactly, and never more than one batch (--max-batch 500).
        var copies = ReadAll(destination, "dst");
        Assert.Equal(Enumerable.Range(0, count), copies.Select(c => Sequence(c.Message)).Distinct().Order());
        Assert.InRange(copies.Count - count, 0, 500);
        foreach (var copy in copies)
        {
            AssertIntact(copy.Message);
        }
    }

    [Fact]
    public async Task Mirror_with_a_bad_sasl_mechanism_exits_2_with_one_line_that_does_not_show_the_password()
    {
        var (code, output, error) = await FacetProcess.RunAsync(
            ["mirror", "--from", "127.0.0.1:1", "--from-topic", "a", "--to", "127.0.0.1:2", "--to-topic", "b",
             "--to-security-protocol", "sasl_ssl", "--to-sasl-username", "mirror", "--to-sasl-password", "hunter2-secret", "--to-sasl-mechanism", "GSSAPI"],
            TimeSpan.FromSeconds(30));
        Assert.Equal(2, code);
        Assert.Equal("facet: --to-sasl-mechanism must be PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 (got 'GSSAPI').", error.Trim());
        Assert.DoesNotContain("hunter2-secret", output + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mirror_with_sasl_and_no_password_names_the_environment_variable()
    {
        var (code, _, error) = await FacetProcess.RunAsync(
            ["mirror", "--from", "127.0.0.1:1", "--from-topic", "a", "--from-security-protocol", "sasl_plaintext", "--from-sasl-username", "u", "--to", "127.0.0.1:2", "--to-topic", "b"],
            TimeSpan.FromSeconds(30), new Dictionary<string, string?> { ["FACET_MIRROR_FROM_SASL_PASSWORD"] = null });
        Assert.Equal(2, code);
        Assert.Equal("facet: --from-security-protocol sasl_plaintext needs a password: set FACET_MIRROR_FROM_SASL_PASSWORD (or pass --from-sasl-password).", error.Trim());
    }
}
