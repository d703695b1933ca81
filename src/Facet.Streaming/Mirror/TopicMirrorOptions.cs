using Confluent.Kafka;

namespace Facet.Streaming.Mirror;

/// <summary>What <see cref="TopicMirror"/> copies, where to, and its limits. See docs/mirror.md.</summary>
public sealed class TopicMirrorOptions
{
    /// <summary>How to reach the source cluster (bootstrap servers, security). Copied, never modified.</summary>
    public required ClientConfig Source { get; init; }

    public required string SourceTopic { get; init; }

    /// <summary>How to reach the destination cluster. Copied, never modified.</summary>
    public required ClientConfig Destination { get; init; }

    public required string DestinationTopic { get; init; }

    /// <summary>The consumer group on the source cluster; its committed offsets are the mirror's progress.</summary>
    public string GroupId { get; init; } = "facet-mirror";

    /// <summary>A batch closes at this many messages (it also closes when the fetch queue runs dry).</summary>
    public int MaxBatchMessages { get; init; } = 10_000;

    /// <summary>A batch closes at this many bytes of keys, values and headers.</summary>
    public long MaxBatchBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>A batch closes when its first message is this old, even under a steady trickle.</summary>
    public TimeSpan MaxBatchDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Where a group with no committed offset starts: earliest (default; copy everything) or latest.</summary>
    public AutoOffsetReset StartingOffsets { get; init; } = AutoOffsetReset.Earliest;

    /// <summary>
    /// librdkafka's <c>message.timeout.ms</c>: a delivery not acknowledged by then fails, and the batch is retried.
    /// Kept well under <c>max.poll.interval.ms</c> (300 s) because the consume thread waits for it.
    /// </summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Stop (finish, commit, leave the group) after this long with partitions assigned and no new message.</summary>
    public TimeSpan? StopWhenIdle { get; init; }

    /// <summary>How long a clean stop keeps trying to commit delivered offsets while the group rebalances.</summary>
    public TimeSpan ShutdownCommitTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Bound on the consumer's pre-fetch queue, in KiB (librdkafka <c>queued.max.messages.kbytes</c>).</summary>
    public int FetchQueueKilobytes { get; init; } = 16 * 1024;

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Source);
        ArgumentNullException.ThrowIfNull(Destination);
        ArgumentException.ThrowIfNullOrWhiteSpace(SourceTopic);
        ArgumentException.ThrowIfNullOrWhiteSpace(DestinationTopic);
        ArgumentException.ThrowIfNullOrWhiteSpace(GroupId);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchMessages, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatchBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(FetchQueueKilobytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DeliveryTimeout, TimeSpan.Zero);
        if (string.Equals(Source.BootstrapServers, Destination.BootstrapServers, StringComparison.Ordinal)
            && string.Equals(SourceTopic, DestinationTopic, StringComparison.Ordinal))
        {
            throw new ArgumentException($"The mirror would copy topic '{SourceTopic}' onto itself: pick a different destination topic or cluster.");
        }
    }
}
