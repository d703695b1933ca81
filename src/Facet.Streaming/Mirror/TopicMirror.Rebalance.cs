using Confluent.Kafka;

namespace Facet.Streaming.Mirror;

/// <summary>The mirror's rebalance handlers: they run on its thread, inside Consume (see <see cref="TopicMirror"/>).</summary>
public sealed partial class TopicMirror
{
    private void OnAssigned(List<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _assigned.Add(partition.Partition.Value);
        }

        _idleSince = _time.GetTimestamp();
        LogAssigned(Describe(partitions));
    }

    /// <summary>Revoked: the partitions go to another member only after this returns, so finish and commit first.</summary>
    private void OnRevoked(List<TopicPartitionOffset> partitions)
    {
        LogRevoked(Describe(partitions));
        CloseBatch(CancellationToken.None);
        var deadline = _time.GetTimestamp();
        while (!TryCommit() && _time.GetElapsedTime(deadline) < TimeSpan.FromSeconds(2))
        {
            Thread.Sleep(PollInterval);
        }

        if (_uncommitted.Count > 0)
        {
            LogRevokedUncommitted(Describe(partitions), _pendingCopied);
            _uncommitted.Clear();
            _pendingCopied = 0;
        }

        foreach (var partition in partitions)
        {
            _assigned.Remove(partition.Partition.Value);
        }

        ResumeIfPaused(partitions);
    }

    /// <summary>librdkafka keeps a partition's pause flag across reassignment: clear it before giving the partitions up.</summary>
    private void ResumeIfPaused(List<TopicPartitionOffset> partitions)
    {
        if (_commitDeferred)
        {
            _commitDeferred = false;
            _consumer.Resume(partitions.ConvertAll(p => p.TopicPartition));
        }
    }

    /// <summary>Lost (session expired): another member may already own them, so commit nothing for them.</summary>
    private void OnLost(List<TopicPartitionOffset> partitions)
    {
        LogLost(Describe(partitions));
        foreach (var partition in partitions)
        {
            _assigned.Remove(partition.Partition.Value);
            _uncommitted.Remove(partition.Partition.Value);
        }

        // Deliveries already handed to the producer still complete; their offsets are simply not committed.
        WaitForDeliveries(_batch);
        _batch = new Batch();
        _pendingCopied = 0;
        ResumeIfPaused(partitions);
    }
}
