using Confluent.Kafka;

namespace Facet.Streaming.Processing;

/// <summary>
/// The librdkafka settings <c>facet run</c> chooses for its consumer where the user set none (<c>--kafka-config</c>
/// wins over each): what the group, the loop and the warehouse checkpoint need from Kafka, each with its reason.
/// </summary>
internal static class ConsumerDefaults
{
    /// <summary>The longest an empty fetch is held before it is answered; see <see cref="Apply"/>.</summary>
    public const int FetchWaitMaxMs = 50;

    public static void Apply(ConsumerConfig config, StreamProcessorOptions options)
    {
        // Bounded memory: librdkafka's prefetch queue is capped unless the user chose otherwise.
        config.QueuedMaxMessagesKbytes ??= 32 * 1024;

        // Stored offsets reach Kafka at the batches' own pace (librdkafka's 5 s default made lag tools — and the
        // end-to-end harness, which watches committed offsets — see progress seconds late); nothing new, no commit.
        config.AutoCommitIntervalMs ??= (int)Math.Clamp(options.Trigger.TotalMilliseconds, 50, 1000);
        config.ClientId ??= $"facet-{options.WorkerId}";

        // A crashed member's partitions move after the session timeout: librdkafka's 45 s default left a dead worker's
        // share unread for 45–48 s (issue 23). A micro-batch worker polls every few milliseconds, so 10 s (heartbeat
        // every second) is ample headroom for a paused JIT or GC and still hands the share over within seconds.
        config.SessionTimeoutMs ??= 10_000;
        config.HeartbeatIntervalMs ??= 1_000;

        // librdkafka's mock cluster — the embedded Kafka of `facet run` and `facet kafka dev` — holds a fetch that
        // found no data for the whole fetch.wait.max.ms (500 ms by default) even when messages arrive meanwhile; a
        // real broker answers as soon as they do. Caught up, a partition's next messages then waited up to half a
        // second before the batch could even see them. 50 ms bounds that wait (issue 22: 300k events at 5,000/s into
        // PostgreSQL, freshness in the warehouse p50/p99 1,072/1,444 and 1,102/1,482 ms → 659/992 and 623/944 ms; the
        // broker +2–3 CPU-s a minute); on a real broker it only means an idle consumer's empty fetch is answered every
        // 50 ms instead of every 500.
        config.FetchWaitMaxMs ??= FetchWaitMaxMs;

        // The loop reads a message's topic (its partition's identity) and timestamp (freshness), never its headers:
        // left at "all", the client made a Headers object (and its list) and asked librdkafka for headers for every
        // message (issue 22).
        if (config.Get(ConfigPropertyNames.Consumer.ConsumeResultFields) is null)
        {
            config.ConsumeResultFields = "topic,timestamp";
        }
    }
}
