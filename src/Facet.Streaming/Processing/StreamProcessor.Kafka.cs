using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Facet.Storage;
using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Processing;

/// <summary>The Kafka side of the loop: the consumer, its rebalance and error handlers, pausing, seeking, lag and leaving.</summary>
public sealed partial class StreamProcessor
{
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    // How long a rebalance handler may wait for the warehouse's checkpoints before deferring the start: short, because
    // the handler runs inside Consume and the group waits for it.
    private static readonly TimeSpan AssignReadTimeout = TimeSpan.FromSeconds(5);

    private readonly HashSet<PartitionId> _pausedAwaitingStart = [];
    private IConsumer<Ignore, ReadOnlyMemory<byte>>? _consumer;
    private Task<Dictionary<PartitionId, long>>? _deferredRead;
    private long _nextDeferredReadTimestamp;
    private WarehouseRetry? _deferredRetry;
    private bool _pausedForOutage;
    private bool _kafkaDown;
    private long _lastAssignedTimestamp;

    private IConsumer<Ignore, ReadOnlyMemory<byte>> BuildConsumer()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(_consumerConfig))
        {
            GroupId = _options.GroupId,
            // Kafka's committed offsets are for lag tools only (the warehouse checkpoint is the truth): the loop stores
            // each committed batch's offsets and librdkafka commits them in the background, so a broker that dies
            // mid-commit never blocks the loop (a synchronous commit waited up to socket.timeout.ms, 60 s).
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            // Positions come from the warehouse; an out-of-range position is data loss, handled by the policy.
            AutoOffsetReset = _options.OnDataLoss == DataLossPolicy.Fail ? AutoOffsetReset.Error : AutoOffsetReset.Earliest,
        };

        ConsumerDefaults.Apply(config, _options);
        return new ConsumerBuilder<Ignore, ReadOnlyMemory<byte>>(config)
            .SetValueDeserializer(_arena)
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler((_, revoked) => DropPartitions(revoked, lost: false))
            .SetPartitionsLostHandler((_, lost) => DropPartitions(lost, lost: true))
            .SetErrorHandler((_, error) => OnKafkaError(error))
            .SetLogHandler((_, _) => { }) // Errors surface through the error handler; librdkafka's debug chatter stays out of our log.
            .Build();
    }

    private ConsumeResult<Ignore, ReadOnlyMemory<byte>>? ConsumeOnce(TimeSpan timeout)
    {
        try
        {
            return _consumer!.Consume(timeout);
        }
        catch (ConsumeException ex) when (!ex.Error.IsFatal)
        {
            if (ex.Error.Code is ErrorCode.OffsetOutOfRange or ErrorCode.Local_NoOffset or ErrorCode.Local_AutoOffsetReset)
            {
                // Only reachable with AutoOffsetReset.Error, i.e. --on-data-loss fail.
                var where = ex.ConsumerRecord is { } r ? $"partition {r.Partition.Value.ToString(CultureInfo.InvariantCulture)} of '{r.Topic}'" : "a partition";
                _fatal ??= new DataLossException(
                    $"{where}: the next offset is no longer on the broker ({ex.Error.Reason}); rerun with --on-data-loss skip to continue from the oldest available offset");
                return null;
            }

            OnKafkaError(ex.Error);
            return null;
        }
    }

    /// <summary>
    /// The group gave this member partitions: they start at their warehouse checkpoints. When the warehouse answers
    /// within <see cref="AssignReadTimeout"/> they start at once; otherwise they are assigned at a placeholder, paused
    /// by the loop and started by <see cref="StartDeferredPartitions"/> when the warehouse answers — the handler never
    /// waits long, so Consume keeps returning and the member stays in the group.
    /// </summary>
    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<Ignore, ReadOnlyMemory<byte>> consumer, List<TopicPartition> assigned)
    {
        var ids = assigned.ConvertAll(static tp => new PartitionId(tp.Topic, tp.Partition.Value));
        foreach (var id in ids)
        {
            _ledger.Assign(id);
        }

        _lastAssignedTimestamp = Stopwatch.GetTimestamp();
        Dictionary<PartitionId, long>? stored = null;
        string? failure = null;
        try
        {
            using var timeout = new CancellationTokenSource(AssignReadTimeout);
            // Rebalance handlers are synchronous and run on this loop's own thread (no synchronization context), so
            // waiting here cannot deadlock; it is bounded by the timeout above.
            stored = ReadCheckpointsAsync(ids, timeout.Token).WaitAsync(AssignReadTimeout).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (WarehouseErrors.IsTransient(ex) || ex is OperationCanceledException)
        {
            failure = WarehouseRetry.OneLine(ex);
        }

        var starts = new List<TopicPartitionOffset>(ids.Count);
        if (stored is null)
        {
            foreach (var tp in assigned)
            {
                // A placeholder: nothing is fetched from the end until the loop seeks to the checkpoint.
                starts.Add(new TopicPartitionOffset(tp, Offset.End));
            }

            StreamingLog.StartDeferred(_logger, Describe(ids), failure ?? "");
            Status.MoveTo(ProcessorState.Paused, "checkpoints unavailable: " + failure);
            return starts;
        }

        foreach (var id in ids)
        {
            var start = StartOffset(consumer, id, stored);
            _ledger.Start(id, stored.TryGetValue(id, out var next) ? next : CheckpointAdvance.None);
            starts.Add(new TopicPartitionOffset(id.Topic, id.Partition, start));
        }

        StreamingLog.Assigned(_logger, Describe(ids), DescribeOffsets(starts));
        if (Status.State == ProcessorState.Starting)
        {
            Status.MoveTo(ProcessorState.Running);
        }

        return starts;
    }

    /// <summary>Where partition <paramref name="id"/> starts: its checkpoint, unless the broker deleted that offset (the data-loss policy decides).</summary>
    private Offset StartOffset(IConsumer<Ignore, ReadOnlyMemory<byte>> consumer, PartitionId id, Dictionary<PartitionId, long> stored)
    {
        if (!stored.TryGetValue(id, out var next))
        {
            return _options.StartingOffsets == StartingOffsets.Earliest ? Offset.Beginning : Offset.End;
        }

        var low = consumer.QueryWatermarkOffsets(new TopicPartition(id.Topic, id.Partition), WatermarkTimeout).Low.Value;
        if (low <= next)
        {
            return new Offset(next);
        }

        var lost = low - next;
        StreamingLog.DataLoss(_logger, id.ToString(), next, low, lost);
        _metrics.DataLost(lost);
        if (_options.OnDataLoss == DataLossPolicy.Fail)
        {
            _fatal ??= new DataLossException(
                $"partition {id.Partition} of '{id.Topic}': the warehouse checkpoint is offset {next} but the oldest offset on the broker is {low} " +
                $"({lost} messages were deleted unread); rerun with --on-data-loss skip to continue from offset {low}");
        }

        return new Offset(low);
    }

    /// <summary>
    /// Starts the partitions whose checkpoints could not be read at assignment: pauses them, reads their checkpoints
    /// in the background (retried with backoff), then seeks each to its start and resumes it. Called every loop turn.
    /// </summary>
    private void StartDeferredPartitions()
    {
        if (!_ledger.HasAwaitingStart)
        {
            _pausedAwaitingStart.Clear();
            _deferredRead = null;
            _deferredRetry = null;
            return;
        }

        var awaiting = _ledger.AwaitingStart;

        var toPause = awaiting.Where(_pausedAwaitingStart.Add).Select(static id => new TopicPartition(id.Topic, id.Partition)).ToList();
        if (toPause.Count > 0)
        {
            TryKafka(() => _consumer!.Pause(toPause));
        }

        if (_deferredRead is null)
        {
            if (Stopwatch.GetTimestamp() >= _nextDeferredReadTimestamp)
            {
                _deferredRetry ??= new WarehouseRetry(_options.MaxRetryBackoff, _logger);
                _deferredRead = ReadCheckpointsAsync(awaiting, CancellationToken.None);
            }

            return;
        }

        if (!_deferredRead.IsCompleted)
        {
            return;
        }

        var read = _deferredRead;
        _deferredRead = null;
        if (!read.IsCompletedSuccessfully)
        {
            var error = read.Exception!.GetBaseException();
            if (!_deferredRetry!.ShouldRetry(error, _ledger.Untaken, null, out var delay))
            {
                _fatal ??= error;
                return;
            }

            _nextDeferredReadTimestamp = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
            Status.MoveTo(ProcessorState.Paused, "checkpoints unavailable: " + WarehouseRetry.OneLine(error));
            return;
        }

        _deferredRetry!.Succeeded();
        var stored = read.Result;
        var started = new List<TopicPartitionOffset>();
        foreach (var id in awaiting)
        {
            if (!_ledger.IsOwned(id))
            {
                continue;
            }

            var start = StartOffset(_consumer!, id, stored);
            var tpo = new TopicPartitionOffset(id.Topic, id.Partition, start);
            // Seek before resuming, so nothing is fetched from the placeholder position; a failed seek is tried again next turn.
            if (!TryKafka(() => _consumer!.Seek(tpo)))
            {
                continue;
            }

            _ledger.Start(id, stored.TryGetValue(id, out var next) ? next : CheckpointAdvance.None);
            _pausedAwaitingStart.Remove(id);
            started.Add(tpo);
            if (!_pausedForOutage)
            {
                TryKafka(() => _consumer!.Resume([tpo.TopicPartition]));
            }
        }

        if (started.Count > 0)
        {
            StreamingLog.StartedLate(_logger, Describe(started.Select(static s => new PartitionId(s.Topic, s.Partition.Value))), DescribeOffsets(started));
        }

        if (!_ledger.HasAwaitingStart && !_pausedForOutage)
        {
            Status.MoveTo(ProcessorState.Running);
        }
    }

    private void DropPartitions(List<TopicPartitionOffset> partitions, bool lost)
    {
        if (!lost)
        {
            // Revoked: finish the in-flight write first, so the next owner starts from its checkpoint instead of
            // re-reading it and meeting a checkpoint conflict. Lost partitions are not waited for: their guarded
            // checkpoint decides whether this worker's write or the new owner's wins.
            if (_pipeline.TryFinishNow(CloseTimeout) is { } committed)
            {
                OnCommitted(committed.Write, committed.Result, committed.Duration);
            }
        }

        var dropped = 0;
        var ids = partitions.ConvertAll(static p => new PartitionId(p.Topic, p.Partition.Value));
        foreach (var id in ids)
        {
            dropped += _ledger.Drop(id);
            _pausedAwaitingStart.Remove(id);
        }

        if (lost)
        {
            StreamingLog.Lost(_logger, Describe(ids), dropped);
        }
        else
        {
            StreamingLog.Revoked(_logger, Describe(ids), dropped);
        }

        // The rebalance clears librdkafka's paused set; pause again on the next retry if needed.
        _pausedForOutage = false;
    }

    /// <summary>
    /// Waits <paramref name="delay"/> while the warehouse is down, calling Consume all along so the group does not
    /// evict this member (max.poll.interval.ms) and rebalances are served; every owned partition is paused meanwhile.
    /// </summary>
    private async Task WaitWhileWarehouseDownAsync(TimeSpan delay)
    {
        if (!_pausedForOutage && _ledger.Count > 0)
        {
            TryKafka(() => _consumer!.Pause(OwnedTopicPartitions()));
            _pausedForOutage = true;
        }

        if (Status.State != ProcessorState.Paused)
        {
            Status.MoveTo(ProcessorState.Paused, "warehouse unavailable");
        }

        var until = Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            if (ConsumeOnce(TimeSpan.FromMilliseconds(100)) is { } result)
            {
                Add(result);
            }

            StartDeferredPartitions();
            await Task.Yield();
        }
    }

    private void ResumeAfterWarehouseOutage()
    {
        if (!_pausedForOutage)
        {
            return;
        }

        _pausedForOutage = false;
        var resume = _ledger.Owned.Where(id => !_pausedAwaitingStart.Contains(id)).Select(static id => new TopicPartition(id.Topic, id.Partition)).ToList();
        if (resume.Count > 0 && _consumer is not null)
        {
            TryKafka(() => _consumer.Resume(resume));
        }
    }

    private void TrySeek(PartitionId id, long offset) =>
        // Not fetching yet (just assigned): the next assignment starts from the checkpoint anyway.
        TryKafka(() => _consumer!.Seek(new TopicPartitionOffset(id.Topic, id.Partition, offset)));

    private bool TryKafka(Action action)
    {
        try
        {
            action();
            return true;
        }
        catch (KafkaException ex)
        {
            StreamingLog.CommitSkipped(_logger, ex.Error.Reason);
            return false;
        }
    }

    private List<TopicPartition> OwnedTopicPartitions() => [.. _ledger.Owned.Select(static id => new TopicPartition(id.Topic, id.Partition))];

    private void CommitKafkaOffsets(List<TopicPartitionOffset> offsets)
    {
        foreach (var offset in offsets)
        {
            // A partition revoked meanwhile refuses the store: harmless, the warehouse checkpoint is the truth.
            TryKafka(() => _consumer!.StoreOffset(offset));
        }
    }

    /// <summary>
    /// True when every partition of every consumed topic — not only this member's share — is checkpointed in the
    /// warehouse at the broker's end offset. A member whose peer died must not call the job done while the dead
    /// member's partitions wait to be handed over (issue 23).
    /// </summary>
    private async Task<bool> JobDoneAsync()
    {
        if (_ledger.HasAwaitingStart)
        {
            return false;
        }

        try
        {
            using var admin = new DependentAdminClientBuilder(_consumer!.Handle).Build();
            foreach (var topic in _streams.Topics)
            {
                var metadata = admin.GetMetadata(topic, WatermarkTimeout);
                var partitions = metadata.Topics.SingleOrDefault(t => t.Topic == topic)?.Partitions;
                if (partitions is null || partitions.Count == 0)
                {
                    return false;
                }

                var stored = await _warehouse.ReadCheckpointsAsync(_options.GroupId, topic, CancellationToken.None);
                foreach (var partition in partitions)
                {
                    var watermarks = _consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition.PartitionId), WatermarkTimeout);
                    // No checkpoint: from "earliest" a partition with messages is still to read; from "latest" nothing was.
                    var position = stored.TryGetValue(partition.PartitionId, out var next) ? next
                        : _options.StartingOffsets == StartingOffsets.Latest ? long.MaxValue : watermarks.Low.Value;
                    if (position < watermarks.High.Value)
                    {
                        return false;
                    }
                }
            }
        }
        catch (KafkaException)
        {
            // Broker unreachable: not provably done; try again after the next idle period.
            return false;
        }
        catch (Exception ex) when (WarehouseErrors.IsTransient(ex))
        {
            return false;
        }

        return true;
    }

    private void UpdateLag()
    {
        var lag = new Dictionary<PartitionId, long>(_ledger.Count);
        foreach (var id in _ledger.Owned)
        {
            var watermarks = _consumer!.GetWatermarkOffsets(new TopicPartition(id.Topic, id.Partition));
            var expected = _ledger.ExpectedNext(id);
            if (watermarks.High.Value >= 0 && expected >= 0)
            {
                lag[id] = Math.Max(0, watermarks.High.Value - expected);
            }
        }

        _metrics.SetLag(lag);
    }

    private void OnKafkaError(Error error)
    {
        if (error.IsFatal)
        {
            _fatal ??= new KafkaException(error);
            return;
        }

        if (KafkaErrors.ConfigurationFix(error) is { } fix)
        {
            // Retrying cannot heal it: stop now (exit 2) instead of running forever with no partitions.
            _fatal ??= new KafkaConfigurationException($"Kafka refused the connection: {error.Reason}; {fix}");
            return;
        }

        if (error.Code == ErrorCode.Local_MaxPollExceeded)
        {
            StreamingLog.MaxPollExceeded(_logger, error.Reason);
            return;
        }

        if (!_kafkaDown && error.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport or ErrorCode.Local_Resolve or ErrorCode.BrokerNotAvailable)
        {
            _kafkaDown = true;
            _metrics.KafkaAvailable(false);
            StreamingLog.KafkaUnavailable(_logger, error.Reason);
        }
    }

    private void MarkKafkaUp()
    {
        if (_kafkaDown)
        {
            _kafkaDown = false;
            _metrics.KafkaAvailable(true);
            StreamingLog.KafkaRecovered(_logger);
        }
    }

    /// <summary>
    /// Leaves the group now instead of after the session timeout, so partitions move at once. Bounded: a leave that
    /// hangs (a broker gone, a stuck rebalance) must not keep the process from exiting — the group evicts this member
    /// after its session timeout anyway, and nothing uncommitted depends on it.
    /// </summary>
    private async Task LeaveGroupAsync(IConsumer<Ignore, ReadOnlyMemory<byte>> consumer)
    {
        StreamingLog.LeavingGroup(_logger, _metrics.TotalBatches, _lastAssignedTimestamp != 0);
        var close = Task.Run(() =>
        {
            try
            {
                consumer.Close();
            }
            catch (KafkaException ex)
            {
                StreamingLog.CommitSkipped(_logger, ex.Error.Reason);
            }
        });
        try
        {
            await close.WaitAsync(CloseTimeout);
            consumer.Dispose();
        }
        catch (TimeoutException)
        {
            StreamingLog.CloseTimedOut(_logger, CloseTimeout.TotalSeconds);
        }
    }

    private static string Describe(IEnumerable<PartitionId> partitions)
    {
        var builder = new StringBuilder();
        foreach (var group in partitions.GroupBy(static p => p.Topic, StringComparer.Ordinal))
        {
            builder.Append(builder.Length > 0 ? " " : "").Append(group.Key).Append('[')
                .AppendJoin(',', group.Select(static p => p.Partition.ToString(CultureInfo.InvariantCulture))).Append(']');
        }

        return builder.ToString();
    }

    private static string DescribeOffsets(List<TopicPartitionOffset> offsets)
    {
        var builder = new StringBuilder();
        foreach (var tpo in offsets)
        {
            builder.Append(builder.Length > 0 ? ", " : "")
                .Append(tpo.Topic).Append('[').Append(tpo.Partition.Value.ToString(CultureInfo.InvariantCulture)).Append("]→")
                .Append(tpo.Offset.IsSpecial ? tpo.Offset.ToString() : tpo.Offset.Value.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
