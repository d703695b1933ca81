using System.Diagnostics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Facet.Streaming.Mirror;

/// <summary>
/// Copies every message of a source topic to a destination topic (another cluster or the same one) byte for byte —
/// key, value, headers, timestamp — as a member of a consumer group on the source. Source offsets are committed only
/// after the destination acknowledged every message of the batch (idempotent producer, acks=all); a failed delivery
/// is never committed: the partition is rewound and the batch retried. A clean stop finishes and commits the batch, so
/// a restart copies nothing twice; after a hard crash up to one batch is copied again (docs/mirror.md says why the
/// transactional alternative is not used).
/// </summary>
/// <remarks>
/// One dedicated thread owns the consumer, the producer and all state; rebalance handlers run on it (inside Consume),
/// delivery reports on librdkafka's poll thread touch only the current <see cref="Batch"/>.
/// </remarks>
public sealed partial class TopicMirror
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MetadataTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly TopicMirrorOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    // State below is touched only by the mirror thread.
    private IConsumer<byte[], byte[]> _consumer = null!;
    private IProducer<byte[], byte[]> _producer = null!;
    private int _destinationPartitions;
    private MirrorPartitioning _partitioning;
    private Batch _batch = new();
    private readonly Dictionary<int, long> _uncommitted = [];
    private readonly HashSet<int> _assigned = [];
    private long _idleSince;
    private bool _commitDeferred;
    private bool _deliveryFailing;
    private TimeSpan _retryDelay;
    private long _messagesCopied;
    private long _batchesCommitted;
    private long _pendingCopied;

    public TopicMirror(TopicMirrorOptions options, ILogger<TopicMirror>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Messages delivered to the destination whose source offsets are committed, so far (thread-safe read).</summary>
    public long MessagesCopied => Interlocked.Read(ref _messagesCopied);

    /// <summary>Batches whose source offsets were committed, so far (thread-safe read).</summary>
    public long BatchesCommitted => Interlocked.Read(ref _batchesCommitted);

    /// <summary>True while the destination refuses deliveries and the batch is being retried (thread-safe read).</summary>
    public bool DeliveryFailing => Volatile.Read(ref _deliveryFailing);

    /// <summary>
    /// Runs until <paramref name="cancellationToken"/> fires or <see cref="TopicMirrorOptions.StopWhenIdle"/> elapses,
    /// then finishes the in-flight batch, commits it and leaves the group. Fails (faulted task) on fatal client errors
    /// or when a topic does not exist; offsets of undelivered messages are never committed.
    /// </summary>
    public Task<MirrorResult> RunAsync(CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(() => Run(cancellationToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private MirrorResult Run(CancellationToken cancellationToken)
    {
        using var producer = BuildProducer();
        using var consumer = BuildConsumer();
        _producer = producer;
        _consumer = consumer;
        ResolvePartitioning();
        LogStarting(_options.SourceTopic, _options.Source.BootstrapServers, _options.DestinationTopic, _options.Destination.BootstrapServers, _options.GroupId);

        consumer.Subscribe(_options.SourceTopic);
        _idleSince = _time.GetTimestamp();
        var reason = MirrorStopReason.Cancelled;
        while (!cancellationToken.IsCancellationRequested)
        {
            var result = Consume();
            if (result is null)
            {
                // The fetch queue ran dry: close the batch now rather than hold delivered messages uncommitted.
                CloseBatch(cancellationToken);
                if (_options.StopWhenIdle is { } idle && _batch.Count == 0 && _uncommitted.Count == 0 && _assigned.Count > 0
                    && _time.GetElapsedTime(_idleSince) >= idle)
                {
                    // A quiet fetch is not the end of the topic: stop only when every owned partition is read to its end.
                    if (CaughtUp())
                    {
                        reason = MirrorStopReason.Idle;
                        break;
                    }

                    _idleSince = _time.GetTimestamp();
                }

                continue;
            }

            _idleSince = _time.GetTimestamp();
            Forward(result);
            if (_batch.Count >= _options.MaxBatchMessages || _batch.Bytes >= _options.MaxBatchBytes
                || _time.GetElapsedTime(_batch.StartedAt) >= _options.MaxBatchDelay)
            {
                CloseBatch(cancellationToken);
            }
        }

        LogStopping(reason == MirrorStopReason.Idle ? "idle" : "stop requested");
        Stop();
        var copied = MessagesCopied;
        LogStopped(copied, _batchesCommitted);
        return new MirrorResult(copied, _batchesCommitted, reason);
    }

    private long CommittedOrLow(TopicPartition tp, long low)
    {
        var committed = _consumer.Committed([tp], TimeSpan.FromSeconds(10));
        return committed.Count > 0 && !committed[0].Offset.IsSpecial ? committed[0].Offset.Value : low;
    }

    /// <summary>True when the next position of every owned partition has reached the broker's end offset (asked of the broker).</summary>
    private bool CaughtUp()
    {
        foreach (var partition in _assigned)
        {
            var tp = new TopicPartition(_options.SourceTopic, partition);
            try
            {
                var watermarks = _consumer.QueryWatermarkOffsets(tp, TimeSpan.FromSeconds(10));
                var position = _consumer.Position(tp);
                // Nothing fetched yet: the group's committed offset (a restart with nothing new) or the start of the log.
                var next = position.IsSpecial ? CommittedOrLow(tp, watermarks.Low.Value) : position.Value;
                if (next < watermarks.High.Value)
                {
                    return false;
                }
            }
            catch (KafkaException)
            {
                return false;
            }
        }

        return true;
    }

    private ConsumeResult<byte[], byte[]>? Consume()
    {
        try
        {
            return _consumer.Consume(PollInterval);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            LogConsumeError(ex.Error.Code, ex.Error.Reason);
            return null;
        }
    }

    /// <summary>Hands one message to the producer; the batch remembers its source position.</summary>
    private void Forward(ConsumeResult<byte[], byte[]> result)
    {
        var message = result.Message;
        var sourcePartition = result.Partition.Value;
        // The producer API accepts only CreateTime: a LogAppendTime stamp is carried over as the same instant.
        message.Timestamp = message.Timestamp.Type == TimestampType.NotAvailable
            ? Timestamp.Default
            : new Timestamp(message.Timestamp.UnixTimestampMs, TimestampType.CreateTime);
        var target = _partitioning == MirrorPartitioning.SamePartition && sourcePartition < _destinationPartitions
            ? new TopicPartition(_options.DestinationTopic, sourcePartition)
            : new TopicPartition(_options.DestinationTopic, Partition.Any);

        var batch = _batch;
        batch.Add(sourcePartition, result.Offset.Value, Size(message), _time);
        var offset = result.Offset.Value;
        while (true)
        {
            try
            {
                _producer.Produce(target, message, report => batch.OnDelivery(report.Error, sourcePartition, offset));
                return;
            }
            catch (ProduceException<byte[], byte[]> ex) when (ex.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Bounded producer queue: wait for deliveries to drain, then hand the message over again.
                _producer.Poll(PollInterval);
            }
            catch (ProduceException<byte[], byte[]> ex)
            {
                // Rejected before it left (e.g. too large for the destination): a failed delivery like any other.
                batch.OnDelivery(ex.Error, sourcePartition, offset);
                return;
            }
        }
    }

    /// <summary>
    /// Waits for every delivery report of the batch; commits the source offsets of what was delivered; rewinds the
    /// partitions with a failed delivery to their first failed offset, so nothing is committed past a gap.
    /// </summary>
    private void CloseBatch(CancellationToken cancellationToken)
    {
        var batch = _batch;
        if (batch.Count == 0)
        {
            TryCommit();
            return;
        }

        WaitForDeliveries(batch);
        _batch = new Batch();
        var failures = batch.Failures;
        foreach (var (partition, next) in batch.Next)
        {
            if (!_assigned.Contains(partition))
            {
                continue; // lost meanwhile: another member owns it now
            }

            if (failures is not null && failures.TryGetValue(partition, out var failedAt))
            {
                if (failedAt > batch.First[partition])
                {
                    _uncommitted[partition] = failedAt;
                }

                _consumer.Seek(new TopicPartitionOffset(_options.SourceTopic, partition, failedAt));
            }
            else
            {
                _uncommitted[partition] = next;
            }
        }

        if (failures is not null)
        {
            _retryDelay = _retryDelay == TimeSpan.Zero ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromTicks(Math.Min(_retryDelay.Ticks * 2, MaxRetryDelay.Ticks));
            LogDeliveryFailed(batch.FailedCount, batch.Count, batch.FirstError?.Code ?? ErrorCode.Unknown, batch.FirstError?.Reason ?? "", string.Join(',', failures.Keys), _retryDelay);
            _deliveryFailing = true;
        }
        else if (_deliveryFailing)
        {
            _deliveryFailing = false;
            _retryDelay = TimeSpan.Zero;
            LogDeliveryRecovered();
        }

        // Counted once their offsets are committed (now, or when a deferred commit goes through).
        _pendingCopied += batch.CountBefore(failures);
        TryCommit();

        if (failures is not null)
        {
            cancellationToken.WaitHandle.WaitOne(_retryDelay);
        }
    }

    private void WaitForDeliveries(Batch batch)
    {
        // Every message gets a report within message.timeout.ms; offsets must not be committed before that.
        while (batch.Outstanding > 0)
        {
            _producer.Flush(PollInterval);
        }
    }

    /// <summary>Commits the delivered-but-uncommitted offsets. False (kept for later) while the group rebalances.</summary>
    private bool TryCommit()
    {
        if (_uncommitted.Count == 0)
        {
            return true;
        }

        var offsets = new List<TopicPartitionOffset>(_uncommitted.Count);
        foreach (var (partition, next) in _uncommitted)
        {
            offsets.Add(new TopicPartitionOffset(_options.SourceTopic, partition, next));
        }

        try
        {
            _consumer.Commit(offsets);
        }
        catch (KafkaException ex) when (IsRetriableCommitError(CommitError(ex)))
        {
            if (!_commitDeferred)
            {
                _commitDeferred = true;
                LogCommitDeferred(CommitError(ex), ex.Message);
                // Copy nothing more until these offsets are committed: at most one batch is ever delivered but
                // uncommitted. Consume keeps being called, which lets the rebalance proceed.
                _consumer.Pause(_consumer.Assignment);
            }

            return false;
        }

        _uncommitted.Clear();
        Interlocked.Add(ref _messagesCopied, _pendingCopied);
        _pendingCopied = 0;
        Interlocked.Increment(ref _batchesCommitted);

        if (_commitDeferred)
        {
            _commitDeferred = false;
            _consumer.Resume(_consumer.Assignment);
            LogCommitResumed();
        }

        return true;
    }

    private static ErrorCode CommitError(KafkaException ex)
    {
        if (ex is TopicPartitionOffsetException partial)
        {
            foreach (var result in partial.Results)
            {
                if (result.Error.IsError)
                {
                    return result.Error.Code;
                }
            }
        }

        return ex.Error.Code;
    }

    private static bool IsRetriableCommitError(ErrorCode code) => code is ErrorCode.RebalanceInProgress or ErrorCode.IllegalGeneration
        or ErrorCode.UnknownMemberId or ErrorCode.NotCoordinatorForGroup or ErrorCode.GroupLoadInProgress or ErrorCode.Local_Transport
        or ErrorCode.RequestTimedOut or ErrorCode.Local_TimedOut or ErrorCode.GroupCoordinatorNotAvailable or ErrorCode.Local_State;

    private void Stop()
    {
        CloseBatch(CancellationToken.None);
        var started = _time.GetTimestamp();
        while (!TryCommit() && _time.GetElapsedTime(started) < _options.ShutdownCommitTimeout)
        {
            // A rebalance is running: keep polling so it completes (our revoke handler commits); copy what arrives.
            if (Consume() is { } result)
            {
                Forward(result);
            }

            CloseBatch(CancellationToken.None);
        }

        if (_uncommitted.Count > 0)
        {
            LogRevokedUncommitted(string.Join(',', _uncommitted.Keys), _pendingCopied);
        }

        // Close leaves the group (the revoke handler runs once more; the batch is empty by now).
        _consumer.Close();
        _producer.Flush(_options.DeliveryTimeout);
    }

    private IProducer<byte[], byte[]> BuildProducer()
    {
        var config = new ProducerConfig(new Dictionary<string, string>(_options.Destination))
        {
            // Durability and no duplicates from producer retries; these override anything the caller passed.
            EnableIdempotence = true,
            Acks = Acks.All,
            MaxInFlight = 5,
            MessageTimeoutMs = (int)_options.DeliveryTimeout.TotalMilliseconds,
            Partitioner = Partitioner.Murmur2Random,
            QueueBufferingMaxMessages = Math.Max(_options.MaxBatchMessages * 2, 1000),
            QueueBufferingMaxKbytes = (int)Math.Min(int.MaxValue, Math.Max(_options.MaxBatchBytes * 2 / 1024, 1024)),
            LingerMs = 5,
            DeliveryReportFields = "none",
        };
        return new ProducerBuilder<byte[], byte[]>(config)
            .SetErrorHandler((_, error) => LogClientError("destination", error.Code, error.Reason))
            .Build();
    }

    private IConsumer<byte[], byte[]> BuildConsumer()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(_options.Source))
        {
            GroupId = _options.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            IsolationLevel = IsolationLevel.ReadCommitted,
            AutoOffsetReset = _options.StartingOffsets,
            QueuedMaxMessagesKbytes = _options.FetchQueueKilobytes,
            QueuedMinMessages = Math.Max(_options.MaxBatchMessages, 1000),
            FetchMaxBytes = Math.Max(1024 * 1024, Math.Min(_options.FetchQueueKilobytes * 1024, 52_428_800)),
            EnablePartitionEof = false,
        };
        return new ConsumerBuilder<byte[], byte[]>(config)
            .SetPartitionsAssignedHandler((_, partitions) => OnAssigned(partitions))
            .SetPartitionsRevokedHandler((_, partitions) => OnRevoked(partitions))
            .SetPartitionsLostHandler((_, partitions) => OnLost(partitions))
            .SetErrorHandler((_, error) => LogClientError("source", error.Code, error.Reason))
            .Build();
    }

    private void ResolvePartitioning()
    {
        var source = PartitionCount(_consumer.Handle, _options.SourceTopic, "source", _options.Source.BootstrapServers);
        _destinationPartitions = PartitionCount(_producer.Handle, _options.DestinationTopic, "destination", _options.Destination.BootstrapServers);
        _partitioning = _destinationPartitions >= source ? MirrorPartitioning.SamePartition : MirrorPartitioning.KeyHash;
        LogPartitioning(source, _destinationPartitions, _partitioning);
    }

    private static int PartitionCount(Handle handle, string topic, string side, string? servers)
    {
        using var admin = new DependentAdminClientBuilder(handle).Build();
        var metadata = admin.GetMetadata(topic, MetadataTimeout).Topics.FirstOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            throw new InvalidOperationException(
                $"The {side} topic '{topic}' does not exist on {servers} ({metadata?.Error.Reason ?? "no metadata"}): create it first.");
        }

        return metadata.Partitions.Count;
    }

    private static long Size(Message<byte[], byte[]> message)
    {
        long size = (message.Key?.Length ?? 0) + (message.Value?.Length ?? 0);
        if (message.Headers is { } headers)
        {
            foreach (var header in headers)
            {
                size += header.Key.Length + (header.GetValueBytes()?.Length ?? 0);
            }
        }

        return size;
    }

    private static string Describe<T>(List<T> partitions) where T : class
    {
        var numbers = new List<int>(partitions.Count);
        foreach (var p in partitions)
        {
            numbers.Add(p switch
            {
                TopicPartition tp => tp.Partition.Value,
                TopicPartitionOffset tpo => tpo.Partition.Value,
                _ => -1,
            });
        }

        numbers.Sort();
        return numbers.Count == 0 ? "none" : string.Join(',', numbers);
    }

    /// <summary>The messages handed to the producer since the last commit point, and their delivery outcome.</summary>
    private sealed class Batch
    {
        private readonly Lock _gate = new();
        private int _outstanding;
        private int _failed;

        public int Count { get; private set; }

        public long Bytes { get; private set; }

        public long StartedAt { get; private set; }

        public Dictionary<int, long> First { get; } = [];

        public Dictionary<int, long> Next { get; } = [];

        /// <summary>Source offsets handed over, per partition, in order (to count exactly what a partial commit covers).</summary>
        private Dictionary<int, List<long>> Offsets { get; } = [];

        /// <summary>Source partition → lowest source offset whose delivery failed; null when none failed.</summary>
        public Dictionary<int, long>? Failures { get; private set; }

        public Error? FirstError { get; private set; }

        public int Outstanding => Volatile.Read(ref _outstanding);

        public int FailedCount => Volatile.Read(ref _failed);

        public void Add(int partition, long offset, long bytes, TimeProvider time)
        {
            if (Count == 0)
            {
                StartedAt = time.GetTimestamp();
            }

            Count++;
            Bytes += bytes;
            First.TryAdd(partition, offset);
            Next[partition] = offset + 1;
            if (!Offsets.TryGetValue(partition, out var offsets))
            {
                Offsets[partition] = offsets = new List<long>(256);
            }

            offsets.Add(offset);
            Interlocked.Increment(ref _outstanding);
        }

        /// <summary>Messages below the first failure of their partition (all of them when nothing failed).</summary>
        public long CountBefore(Dictionary<int, long>? failures)
        {
            if (failures is null)
            {
                return Count;
            }

            long count = 0;
            foreach (var (partition, offsets) in Offsets)
            {
                if (!failures.TryGetValue(partition, out var failedAt))
                {
                    count += offsets.Count;
                    continue;
                }

                foreach (var offset in offsets)
                {
                    count += offset < failedAt ? 1 : 0;
                }
            }

            return count;
        }

        public void OnDelivery(Error error, int partition, long offset)
        {
            if (error.IsError)
            {
                lock (_gate)
                {
                    _failed++;
                    FirstError ??= error;
                    Failures ??= [];
                    if (!Failures.TryGetValue(partition, out var lowest) || offset < lowest)
                    {
                        Failures[partition] = offset;
                    }
                }
            }

            // Last: the mirror thread reads the failures once this reaches zero.
            Interlocked.Decrement(ref _outstanding);
        }
    }
}
