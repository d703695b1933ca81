using Confluent.Kafka;
using Facet.Streaming.Mirror;
using Facet.Testing;
using static Facet.Testing.MirrorTestMessages;

namespace Facet.Streaming.Tests.Mirror;

public sealed class TopicMirrorTests(MirrorClusters clusters) : IClassFixture<MirrorClusters>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private TopicMirrorOptions Options(string sourceTopic, string destinationTopic, string group, TimeSpan? stopWhenIdle = null, int maxBatch = 500) => new()
    {
        Source = SourceConfig(),
        SourceTopic = sourceTopic,
        Destination = new ClientConfig { BootstrapServers = clusters.Destination.BootstrapServers },
        DestinationTopic = destinationTopic,
        GroupId = group,
        MaxBatchMessages = maxBatch,
        StopWhenIdle = stopWhenIdle,
    };

    /// <summary>The mock's rebalance timers derive from the session timeout: keep it short so rebalances take ~seconds.</summary>
    private ClientConfig SourceConfig()
    {
        var config = new ClientConfig { BootstrapServers = clusters.Source.BootstrapServers };
        config.Set("session.timeout.ms", "6000");
        config.Set("heartbeat.interval.ms", "500");
        return config;
    }

    [Fact]
    public async Task Mirror_copies_keys_values_headers_and_timestamps_byte_for_byte_exactly_once_into_the_same_partitions()
    {
        var source = clusters.Source.CreateTopic(partitions: 3, prefix: "src");
        var destination = clusters.Destination.CreateTopic(partitions: 3, prefix: "dst");
        const int count = 3000;
        Produce(clusters.Source.BootstrapServers, source, 0, count, 3);
        var group = EmbeddedKafka.NewGroupId("mirror");

        var result = await new TopicMirror(Options(source, destination, group, stopWhenIdle: TimeSpan.FromSeconds(1))).RunAsync().WaitAsync(Timeout);

        Assert.Equal(MirrorStopReason.Idle, result.StopReason);
        Assert.Equal(count, result.MessagesCopied);
        var copies = ReadAll(clusters.Destination.BootstrapServers, destination);
        Assert.Equal(Enumerable.Range(0, count), copies.Select(c => Sequence(c.Message)).Order());
        foreach (var copy in copies)
        {
            AssertIntact(copy.Message);
            Assert.Equal(Sequence(copy.Message) % 3, copy.Partition.Value);
        }

        // Per partition, the destination keeps the source order.
        foreach (var partition in copies.GroupBy(c => c.Partition.Value))
        {
            var sequence = partition.OrderBy(c => c.Offset.Value).Select(c => Sequence(c.Message)).ToList();
            Assert.Equal(sequence.Order(), sequence);
        }

        Assert.Equal(new Dictionary<int, long> { [0] = count / 3, [1] = count / 3, [2] = count / 3 }, Committed(clusters.Source.BootstrapServers, source, group, 3));
    }

    [Fact]
    public async Task Mirror_stopped_cleanly_mid_stream_and_restarted_copies_every_message_exactly_once()
    {
        var source = clusters.Source.CreateTopic(partitions: 4, prefix: "src");
        var destination = clusters.Destination.CreateTopic(partitions: 4, prefix: "dst");
        var group = EmbeddedKafka.NewGroupId("mirror");
        const int count = 20_000;
        var producing = Task.Run(() =>
        {
            for (var from = 0; from < count; from += 1000)
            {
                Produce(clusters.Source.BootstrapServers, source, from, from + 1000, 4);
            }
        });

        using (var stop = new CancellationTokenSource())
        {
            var first = new TopicMirror(Options(source, destination, group));
            var run = first.RunAsync(stop.Token);
            await Eventually.Until(() => Task.FromResult(first.MessagesCopied), copied => copied >= 2000, Timeout, "the first mirror to copy 2000 messages");
            stop.Cancel();
            var stopped = await run.WaitAsync(Timeout);
            Assert.Equal(MirrorStopReason.Cancelled, stopped.StopReason);
            Assert.True(stopped.MessagesCopied < count, $"the stop should land mid-stream (copied {stopped.MessagesCopied})");
            // A clean stop commits exactly what it delivered.
            Assert.Equal(stopped.MessagesCopied, Committed(clusters.Source.BootstrapServers, source, group, 4).Values.Sum());
        }

        await producing.WaitAsync(Timeout);
        await new TopicMirror(Options(source, destination, group, stopWhenIdle: TimeSpan.FromSeconds(1))).RunAsync().WaitAsync(Timeout);

        var copies = ReadAll(clusters.Destination.BootstrapServers, destination);
        Assert.Equal(Enumerable.Range(0, count), copies.Select(c => Sequence(c.Message)).Order());
        foreach (var copy in copies)
        {
            AssertIntact(copy.Message);
        }
    }

    [Fact]
    public async Task Mirror_into_a_topic_with_fewer_partitions_routes_each_key_to_one_partition()
    {
        var source = clusters.Source.CreateTopic(partitions: 6, prefix: "src");
        var destination = clusters.Destination.CreateTopic(partitions: 2, prefix: "dst");
        const int count = 2000;
        Produce(clusters.Source.BootstrapServers, source, 0, count, 6);
        var logger = new RecordingLogger<TopicMirror>();

        await new TopicMirror(Options(source, destination, EmbeddedKafka.NewGroupId("mirror"), stopWhenIdle: TimeSpan.FromSeconds(1)), logger).RunAsync().WaitAsync(Timeout);

        Assert.True(logger.Contains("source has 6 partitions, destination 2: KeyHash"), string.Join('\n', logger.Lines));
        var copies = ReadAll(clusters.Destination.BootstrapServers, destination);
        Assert.Equal(Enumerable.Range(0, count), copies.Select(c => Sequence(c.Message)).Order());
        var keyed = copies.Where(c => c.Message.Key is not null).GroupBy(c => Convert.ToHexString(c.Message.Key));
        Assert.All(keyed, key => Assert.Single(key.Select(c => c.Partition.Value).Distinct()));
        Assert.Equal(2, copies.Select(c => c.Partition.Value).Distinct().Count());
    }

    [Fact]
    public async Task Mirror_never_commits_past_a_failed_delivery_and_retries_it()
    {
        var source = clusters.Source.CreateTopic(partitions: 1, prefix: "src");
        var destination = clusters.Destination.CreateTopic(partitions: 1, prefix: "dst");
        var group = EmbeddedKafka.NewGroupId("mirror");
        const int count = 1000;
        Produce(clusters.Source.BootstrapServers, source, 0, count, 1);
        // The destination rejects the next produce requests with a non-retriable error (INVALID_RECORD, 87).
        clusters.Destination.Cluster.PushRequestErrors(0, 87, 87, 87);
        var logger = new RecordingLogger<TopicMirror>();

        var result = await new TopicMirror(Options(source, destination, group, stopWhenIdle: TimeSpan.FromSeconds(1), maxBatch: 100), logger).RunAsync().WaitAsync(Timeout);

        Assert.True(logger.Contains("deliveries failed"), string.Join('\n', logger.Lines));
        Assert.True(logger.Contains("deliveries succeed again"), string.Join('\n', logger.Lines));
        var copies = ReadAll(clusters.Destination.BootstrapServers, destination);
        Assert.Equal(Enumerable.Range(0, count), copies.Select(c => Sequence(c.Message)).Order());
        Assert.Equal(count, result.MessagesCopied);
        Assert.Equal(count, Committed(clusters.Source.BootstrapServers, source, group, 1)[0]);
    }

    [Fact]
    public async Task Two_mirrors_in_one_group_lose_nothing_when_a_member_joins_and_leaves_midway_and_recopy_only_what_they_report()
    {
        var source = clusters.Source.CreateTopic(partitions: 6, prefix: "src");
        var destination = clusters.Destination.CreateTopic(partitions: 6, prefix: "dst");
        var group = EmbeddedKafka.NewGroupId("mirror");
        const int count = 30_000;
        var producing = Task.Run(() =>
        {
            for (var from = 0; from < count; from += 1000)
            {
                Produce(clusters.Source.BootstrapServers, source, from, from + 1000, 6);
            }
        });

        var firstLog = new RecordingLogger<TopicMirror>();
        var secondLog = new RecordingLogger<TopicMirror>();
        using var stopFirst = new CancellationTokenSource();
        using var stopSecond = new CancellationTokenSource();
        var first = new TopicMirror(Options(source, destination, group), firstLog);
        var firstRun = first.RunAsync(stopFirst.Token);
        await Eventually.Until(() => Task.FromResult(first.MessagesCopied), copied => copied >= 1000, Timeout, "the first mirror to copy");

        var second = new TopicMirror(Options(source, destination, group), secondLog);
        var secondRun = second.RunAsync(stopSecond.Token);
        await Eventually.Until(() => Task.FromResult(second.MessagesCopied), copied => copied >= 500, Timeout, "the second mirror to get partitions and copy");
        Assert.True(firstLog.Contains("partitions revoked"), string.Join('\n', firstLog.Lines));

        stopSecond.Cancel(); // leaves midway: its partitions go back to the first
        await secondRun.WaitAsync(Timeout);
        await producing.WaitAsync(Timeout);
        await Eventually.Until(
            () => Task.FromResult(Committed(clusters.Source.BootstrapServers, source, group, 6).Values.Sum()),
            committed => committed == count, Timeout, "every source offset to be committed\n" + string.Join('\n', firstLog.Lines) + "\nsecond:\n" + string.Join('\n', secondLog.Lines));
        stopFirst.Cancel();
        await firstRun.WaitAsync(Timeout);

        var copies = ReadAll(clusters.Destination.BootstrapServers, destination);
        var sequences = copies.Select(c => Sequence(c.Message)).ToList();
        Assert.Equal(Enumerable.Range(0, count), sequences.Distinct().Order());
        // The mock broker refuses every offset commit while a rebalance runs (real Kafka accepts the revoking
        // member's commit), so a member giving up partitions may have to leave its last batch uncommitted; it says
        // so, and exactly those messages — at most one batch each time — are copied again.
        var reported = firstLog.Lines.Concat(secondLog.Lines).Select(RecopiedCount).Sum();
        Assert.Equal(reported, copies.Count - count);
        Assert.All(firstLog.Lines.Concat(secondLog.Lines).Select(RecopiedCount), n => Assert.InRange(n, 0, 500));
        foreach (var copy in copies)
        {
            AssertIntact(copy.Message);
        }
    }

    private static long RecopiedCount(string line)
    {
        var match = System.Text.RegularExpressions.Regex.Match(line, @": (\d+) delivered messages will be copied again");
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
