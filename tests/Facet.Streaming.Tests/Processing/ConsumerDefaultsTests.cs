using Confluent.Kafka;
using Facet.Streaming.Processing;

namespace Facet.Streaming.Tests.Processing;

/// <summary>The consumer settings <c>facet run</c> picks where the user set none, and that the user's win.</summary>
public sealed class ConsumerDefaultsTests
{
    [Fact]
    public void An_unset_consumer_gets_a_short_empty_fetch_wait_a_short_session_a_capped_queue_and_commits_at_the_trigger_pace()
    {
        var config = new ConsumerConfig();

        ConsumerDefaults.Apply(config, new StreamProcessorOptions { Trigger = TimeSpan.FromMilliseconds(200), WorkerId = "w1" });

        // The mock cluster holds an empty fetch for the whole wait: 50 ms, not librdkafka's 500.
        Assert.Equal(50, config.FetchWaitMaxMs);
        Assert.Equal(10_000, config.SessionTimeoutMs);
        Assert.Equal(1_000, config.HeartbeatIntervalMs);
        Assert.Equal(32 * 1024, config.QueuedMaxMessagesKbytes);
        Assert.Equal(200, config.AutoCommitIntervalMs);
        Assert.Equal("facet-w1", config.ClientId);
        Assert.Equal("topic,timestamp", config.Get(ConfigPropertyNames.Consumer.ConsumeResultFields)); // no headers read
    }

    [Fact]
    public void Settings_passed_with_kafka_config_win_over_the_defaults()
    {
        // As `--kafka-config key=value` arrives: librdkafka property names.
        var config = new ConsumerConfig(new Dictionary<string, string>
        {
            ["fetch.wait.max.ms"] = "500",
            ["session.timeout.ms"] = "45000",
            ["queued.max.messages.kbytes"] = "65536",
            ["auto.commit.interval.ms"] = "5000",
            [ConfigPropertyNames.Consumer.ConsumeResultFields] = "all",
        });

        ConsumerDefaults.Apply(config, new StreamProcessorOptions());

        Assert.Equal(500, config.FetchWaitMaxMs);
        Assert.Equal(45_000, config.SessionTimeoutMs);
        Assert.Equal(65_536, config.QueuedMaxMessagesKbytes);
        Assert.Equal(5_000, config.AutoCommitIntervalMs);
        Assert.Equal("all", config.Get(ConfigPropertyNames.Consumer.ConsumeResultFields));
    }
}
