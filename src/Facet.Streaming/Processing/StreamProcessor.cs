using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Facet.Core.Events;
using Facet.Storage;
using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Processing;

/// <summary>
/// <c>facet run</c>: one member of a Kafka consumer group that loads micro-batches into the warehouse with an
/// exactly-once effect. The warehouse checkpoint (written in the same transaction as the rows, guarded on the
/// expected previous offset) is the truth; Kafka offsets are committed afterwards only for lag tools.
/// </summary>
/// <remarks>
/// One loop owns all state (no locks): the rebalance handlers run inside <c>Consume</c> on the same thread.
/// Revoked or lost partitions drop their uncommitted messages; the next owner re-reads them from the checkpoint.
/// While the warehouse is unavailable the loop keeps polling (partitions paused) so the group keeps this member.
/// Pipelined (issue 11): while batch N is written on a pool thread, the loop consumes, parses and enriches batch N+1;
/// at most one write is in flight, and N+1's guarded checkpoint advances are computed only once N has committed.
/// Messages stay in their partition's pending list until the batch holding them commits, so a failed or conflicting
/// write is retried from memory exactly as before.
/// </remarks>
public sealed class StreamProcessor
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan WatermarkTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(10);

    // While a write is in flight the loop polls briefly, so its commit (and the Kafka offset commit) is seen at once.
    private static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(5);

    private readonly ConsumerConfig _consumerConfig;
    private readonly StreamProcessorOptions _options;
    private readonly IWarehouse _warehouse;
    private readonly EventBatchProcessor _processor;
    private readonly StreamMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly SortedDictionary<int, PartitionState> _partitions = [];

    private IConsumer<Ignore, byte[]>? _consumer;
    private InFlightWrite? _inFlight;

    /// <summary>Messages consumed but not yet taken into a batch (what <see cref="BatchDue"/> counts).</summary>
    private int _pendingCount;
    private long _batchStartedTimestamp;
    private DateTimeOffset _batchStartedAt;
    private Exception? _fatal;
    private bool _kafkaDown;
    private bool _paused;
    private long _lastAssignedTimestamp;
    private CancellationToken _stopping;

    public StreamProcessor(
        ConsumerConfig consumerConfig,
        StreamProcessorOptions options,
        IWarehouse warehouse,
        EventBatchProcessor processor,
        StreamMetrics metrics,
        ILogger<StreamProcessor> logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(consumerConfig);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _consumerConfig = consumerConfig;
        _options = options;
        _warehouse = warehouse;
        _processor = processor;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Fires after each committed batch (tests and the demo's status line observe progress through it).</summary>
    public event Action<BatchWriteResult>? BatchCommitted;

    /// <summary>
    /// Consumes until <paramref name="stoppingToken"/> is cancelled (then commits the current batch and leaves the
    /// group) or, with <see cref="StreamProcessorOptions.StopWhenIdle"/>, until idle. Throws on fatal errors.
    /// </summary>
    public Task<StreamRunSummary> RunAsync(CancellationToken stoppingToken) =>
        // Consume blocks: the loop gets a thread of its own rather than stalling a pool thread's queue.
        Task.Factory.StartNew(() => LoopAsync(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task<StreamRunSummary> LoopAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        StreamingLog.Starting(_logger, _options.Topic, _options.GroupId, _options.WorkerId, _options.Trigger.TotalMilliseconds, _options.MaxBatch);
        var consumer = BuildConsumer();
        _consumer = consumer;
        var idleSince = Stopwatch.GetTimestamp();
        var statusSince = Stopwatch.GetTimestamp();
        var insertedAtLastStatus = 0L;
        try
        {
            consumer.Subscribe(_options.Topic);
            while (!stoppingToken.IsCancellationRequested)
            {
                var result = ConsumeOnce(NextPollTimeout());
                ThrowIfFatal();
                if (result is not null)
                {
                    Add(result);
                    idleSince = Stopwatch.GetTimestamp();
                }

                if (_inFlight is { Task.IsCompleted: true })
                {
                    await FinishInFlightAsync(deadline: null);
                    ThrowIfFatal();
                }

                if (BatchDue())
                {
                    await FlushAsync(deadline: null);
                    ThrowIfFatal();
                }

                if (Stopwatch.GetElapsedTime(statusSince) >= _options.StatusInterval)
                {
                    var inserted = _metrics.TotalInserted;
                    LogStatus(Stopwatch.GetElapsedTime(statusSince), inserted - insertedAtLastStatus);
                    insertedAtLastStatus = inserted;
                    statusSince = Stopwatch.GetTimestamp();
                }

                // Idle counts only once the group has given this member its partitions (joining takes seconds), and
                // ends only when every owned partition is committed up to the broker's end: a quiet fetch is not the end.
                if (_options.StopWhenIdle is { } idle && _pendingCount == 0 && _inFlight is null && _lastAssignedTimestamp != 0
                    && Stopwatch.GetElapsedTime(Math.Max(idleSince, _lastAssignedTimestamp)) >= idle)
                {
                    if (CaughtUp())
                    {
                        StreamingLog.Idle(_logger, idle.TotalSeconds);
                        break;
                    }

                    idleSince = Stopwatch.GetTimestamp();
                }
            }

            if (stoppingToken.IsCancellationRequested)
            {
                StreamingLog.Stopping(_logger);
            }

            await FlushAsync(deadline: Stopwatch.GetTimestamp() + (long)(_options.ShutdownFlushTimeout.TotalSeconds * Stopwatch.Frequency));
            ThrowIfFatal();
        }
        finally
        {
            await LeaveGroupAsync(consumer);
            _consumer = null;
        }

        StreamingLog.Stopped(_logger, _metrics.TotalConsumed, _metrics.TotalInserted, _metrics.TotalDuplicates, _metrics.TotalRejected, _metrics.TotalBatches, _metrics.TotalProcessSeconds, _metrics.TotalWriteWaitSeconds);
        return new StreamRunSummary(_metrics.TotalConsumed, _metrics.TotalInserted, _metrics.TotalDuplicates, _metrics.TotalRejected, _metrics.TotalBatches, _metrics.TotalDataLoss);
    }

    /// <summary>
    /// Leaves the group now instead of after the session timeout, so partitions move at once. Bounded: a leave that
    /// hangs (a broker gone, a stuck rebalance) must not keep the process from exiting — the group evicts this member
    /// after its session timeout anyway, and nothing uncommitted depends on it.
    /// </summary>
    private async Task LeaveGroupAsync(IConsumer<Ignore, byte[]> consumer)
    {
        StreamingLog.LeavingGroup(_logger);
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

    private IConsumer<Ignore, byte[]> BuildConsumer()
    {
        var config = new ConsumerConfig(new Dictionary<string, string>(_consumerConfig))
        {
            GroupId = _options.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            // Positions come from the warehouse; an out-of-range position is data loss, handled by the policy.
            AutoOffsetReset = _options.OnDataLoss == DataLossPolicy.Fail ? AutoOffsetReset.Error : AutoOffsetReset.Earliest,
        };

        // Bounded memory: librdkafka's prefetch queue is capped unless the user chose otherwise.
        config.QueuedMaxMessagesKbytes ??= 32 * 1024;
        config.ClientId ??= $"facet-{_options.WorkerId}";

        return new ConsumerBuilder<Ignore, byte[]>(config)
            .SetPartitionsAssignedHandler(OnAssigned)
            .SetPartitionsRevokedHandler((_, revoked) => DropPartitions(revoked, lost: false))
            .SetPartitionsLostHandler((_, lost) => DropPartitions(lost, lost: true))
            .SetErrorHandler((_, error) => OnKafkaError(error))
            .SetLogHandler((_, _) => { }) // Errors surface through the error handler; librdkafka's debug chatter stays out of our log.
            .Build();
    }

    private ConsumeResult<Ignore, byte[]>? ConsumeOnce(TimeSpan timeout)
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
                _fatal ??= new DataLossException(
                    $"partition {ex.ConsumerRecord?.Partition.Value.ToString(CultureInfo.InvariantCulture) ?? "?"} of '{_options.Topic}': the next offset is no longer on the broker ({ex.Error.Reason}); " +
                    "rerun with --on-data-loss skip to continue from the oldest available offset");
                return null;
            }

            OnKafkaError(ex.Error);
            return null;
        }
    }

    private TimeSpan NextPollTimeout()
    {
        var poll = _inFlight is null ? IdlePoll : InFlightPoll;
        if (_pendingCount == 0)
        {
            return poll;
        }

        var remaining = _options.Trigger - Stopwatch.GetElapsedTime(_batchStartedTimestamp);
        return remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining < poll ? remaining : poll;
    }

    private bool BatchDue() =>
        _pendingCount >= _options.MaxBatch
        || (_pendingCount > 0 && Stopwatch.GetElapsedTime(_batchStartedTimestamp) >= _options.Trigger);

    private void Add(ConsumeResult<Ignore, byte[]> result)
    {
        var partition = result.Partition.Value;
        if (!_partitions.TryGetValue(partition, out var state))
        {
            // A message from a partition we no longer own (delivered around a rebalance): its owner reads it.
            return;
        }

        if (_kafkaDown)
        {
            _kafkaDown = false;
            StreamingLog.KafkaRecovered(_logger);
        }

        if (_pendingCount == 0)
        {
            _batchStartedTimestamp = Stopwatch.GetTimestamp();
            _batchStartedAt = _time.GetUtcNow();
        }

        var message = result.Message;
        DateTimeOffset? produced = message.Timestamp.Type == TimestampType.NotAvailable ? null : message.Timestamp.UtcDateTime;
        state.Pending.Add(new RawMessage(message.Value ?? [], SourcePosition.Kafka(result.Topic, partition, result.Offset.Value), produced));
        _pendingCount++;
        _metrics.Consumed(1);
    }

    /// <summary>
    /// Takes everything pending into a batch, parses and enriches it while the previous batch's write finishes, then
    /// starts its write. With a <paramref name="deadline"/> (shutdown) it also waits for that write. Transient
    /// failures are retried with capped backoff while polling Kafka (partitions paused). Returns false only when the
    /// deadline passed first: nothing is lost then, the messages are re-read from the checkpoint on the next start.
    /// </summary>
    private async Task<bool> FlushAsync(long? deadline)
    {
        do
        {
            var ready = _pendingCount > 0 ? Prepare() : null;
            if (!await FinishInFlightAsync(deadline))
            {
                return false;
            }

            if (ready is not null)
            {
                StartWrite(ready);
            }

            if (deadline is not null && !await FinishInFlightAsync(deadline))
            {
                return false;
            }
        }
        while (deadline is not null && _pendingCount > 0);

        return true;
    }

    /// <summary>Takes the pending messages into a batch and parses/enriches them (CPU work that overlaps the in-flight write).</summary>
    private ReadyBatch Prepare()
    {
        var messages = new List<RawMessage>(_pendingCount);
        var parts = new List<BatchPart>(_partitions.Count);
        foreach (var state in _partitions.Values)
        {
            var untaken = state.Pending.Count - state.Taken;
            if (untaken == 0)
            {
                continue;
            }

            messages.AddRange(state.Pending.GetRange(state.Taken, untaken));
            parts.Add(new BatchPart(state, state.Epoch, untaken, state.Pending[^1].Position.Offset + 1));
            state.Taken = state.Pending.Count;
        }

        _pendingCount = 0;
        var started = Stopwatch.GetTimestamp();
        var processed = _processor.Process(messages);
        // The warehouse's CPU part of the write (dedup, natural keys, ordering) also overlaps the in-flight write.
        var prepared = _warehouse.PrepareEvents(processed.Events);
        _metrics.Processed(Stopwatch.GetElapsedTime(started));
        return new ReadyBatch(messages.Count, parts, processed, prepared, _batchStartedAt);
    }

    /// <summary>
    /// Starts writing <paramref name="ready"/> on a pool thread. Partitions revoked, lost or resynced since it was
    /// prepared are left out (their messages are re-read by whoever owns them); the guarded advances start from what
    /// the warehouse holds now, which is final because at most one write is ever in flight.
    /// </summary>
    private void StartWrite(ReadyBatch ready)
    {
        var kept = new List<BatchPart>(ready.Parts.Count);
        HashSet<int>? keptPartitions = null;
        foreach (var part in ready.Parts)
        {
            if (IsCurrent(part))
            {
                kept.Add(part);
            }
        }

        if (kept.Count == 0)
        {
            return;
        }

        var events = ready.Processed.Events;
        var rejections = ready.Processed.Rejections;
        if (kept.Count < ready.Parts.Count)
        {
            keptPartitions = [];
            foreach (var part in kept)
            {
                keptPartitions.Add(part.State.Partition);
            }

            events = FilterByPartition(events, keptPartitions, static e => e.Event.Position.Partition);
            rejections = FilterByPartition(rejections, keptPartitions, static r => r.Position.Partition);
        }

        var advances = new List<CheckpointAdvance>(kept.Count);
        foreach (var part in kept)
        {
            advances.Add(new CheckpointAdvance(_options.GroupId, _options.Topic, part.State.Partition, part.State.ExpectedNext, part.NextOffset));
        }

        var batch = new WarehouseBatch(events, rejections, advances)
        {
            Info = new BatchInfo(_options.WorkerId, ready.MessageCount, _metrics.TotalLag, ready.StartedAt),
            // Only for the whole list it was made from (a filtered list is prepared again by the write).
            Prepared = ReferenceEquals(events, ready.Processed.Events) ? ready.Prepared : null,
        };

        var started = Stopwatch.GetTimestamp();
        // Never cancelled midway: a commit either happens whole or not at all.
        var task = Task.Run(() => _warehouse.WriteBatchAsync(batch, CancellationToken.None));
        _inFlight = new InFlightWrite(ready, kept, advances, task, started);
    }

    private bool IsCurrent(BatchPart part) =>
        _partitions.TryGetValue(part.State.Partition, out var state) && ReferenceEquals(state, part.State) && state.Epoch == part.Epoch;

    private static List<T> FilterByPartition<T>(IReadOnlyList<T> items, HashSet<int> partitions, Func<T, int> partitionOf)
    {
        var kept = new List<T>(items.Count);
        foreach (var item in items)
        {
            if (partitions.Contains(partitionOf(item)))
            {
                kept.Add(item);
            }
        }

        return kept;
    }

    /// <summary>
    /// Waits for the in-flight write and applies its outcome: committed → advance and commit Kafka offsets; checkpoint
    /// conflict → resync from the warehouse; transient failure → back off (polling) and write it again. Returns false
    /// when <paramref name="deadline"/> passed while the warehouse was still failing.
    /// </summary>
    private async Task<bool> FinishInFlightAsync(long? deadline)
    {
        if (_inFlight is null)
        {
            return true;
        }

        var backoff = new CappedBackoff(_options.MaxRetryBackoff);
        long? unavailableSince = null;
        try
        {
            while (_inFlight is { } write)
            {
                var waitStarted = Stopwatch.GetTimestamp();
                try
                {
                    var result = await write.Task;
                    _metrics.WaitedForWrite(Stopwatch.GetElapsedTime(waitStarted));
                    _inFlight = null;
                    OnCommitted(write, result);
                    if (unavailableSince is { } since)
                    {
                        StreamingLog.WarehouseRecovered(_logger, Stopwatch.GetElapsedTime(since).TotalSeconds);
                    }

                    return true;
                }
                catch (CheckpointConflictException ex)
                {
                    // Also what a commit whose acknowledgement was lost looks like on retry: resync, don't guess.
                    _inFlight = null;
                    StreamingLog.CheckpointConflict(_logger, ex.Message);
                    await ResyncAsync();
                }
                catch (Exception ex) when (WarehouseErrors.IsTransient(ex))
                {
                    var waiting = InFlightMessages(write) + _pendingCount;
                    if (unavailableSince is null)
                    {
                        unavailableSince = Stopwatch.GetTimestamp();
                        StreamingLog.WarehouseUnavailable(_logger, OneLine(ex), waiting, _options.MaxRetryBackoff.TotalSeconds);
                    }

                    if (deadline is { } d && Stopwatch.GetTimestamp() >= d)
                    {
                        StreamingLog.ShutdownFlushFailed(_logger, waiting, OneLine(ex));
                        return false;
                    }

                    PauseAssigned();
                    await PollWhileWaitingAsync(backoff.Next());
                    _inFlight = null;
                    StartWrite(write.Ready);
                }
                catch
                {
                    _inFlight = null;
                    throw;
                }
            }

            return true;
        }
        finally
        {
            ResumeAssigned();
        }
    }

    private static int InFlightMessages(InFlightWrite write)
    {
        var count = 0;
        foreach (var part in write.Parts)
        {
            count += part.Count;
        }

        return count;
    }

    private void OnCommitted(InFlightWrite write, BatchWriteResult result)
    {
        var offsets = new List<TopicPartitionOffset>(write.Parts.Count);
        for (var i = 0; i < write.Parts.Count; i++)
        {
            var part = write.Parts[i];
            if (IsCurrent(part))
            {
                var state = part.State;
                state.ExpectedNext = write.Advances[i].NextOffset;
                state.Pending.RemoveRange(0, part.Count);
                state.Taken -= part.Count;
                offsets.Add(new TopicPartitionOffset(_options.Topic, state.Partition, state.ExpectedNext));
            }
        }

        var processed = write.Ready.Processed;
        TimeSpan? freshness = processed.OldestProduced is { } produced ? _time.GetUtcNow() - produced : null;
        _metrics.BatchCommitted(processed.Events.Count, result.Inserted, result.Rejected, result.Duplicates + processed.DuplicatesInBatch, processed.Bots, Stopwatch.GetElapsedTime(write.StartedTimestamp), freshness);
        UpdateLag();
        CommitKafkaOffsets(offsets);
        BatchCommitted?.Invoke(result with { Duplicates = result.Duplicates + processed.DuplicatesInBatch });
    }

    private void CommitKafkaOffsets(List<TopicPartitionOffset> offsets)
    {
        if (offsets.Count == 0)
        {
            return;
        }

        try
        {
            _consumer!.Commit(offsets);
        }
        catch (KafkaException ex)
        {
            // "Group rebalance in progress" and friends: harmless, the warehouse checkpoint is the truth.
            StreamingLog.CommitSkipped(_logger, ex.Error.Reason);
        }
    }

    /// <summary>
    /// After a conflict: every owned partition goes back to what the warehouse holds. Where it holds what this worker
    /// expected, all uncommitted messages are still in memory and are batched again (a new epoch makes any batch
    /// prepared before the conflict stale); elsewhere they are dropped and re-read from the stored checkpoint.
    /// </summary>
    private async Task ResyncAsync()
    {
        var stored = await ReadCheckpointsWithRetryAsync();
        _pendingCount = 0;
        foreach (var state in _partitions.Values)
        {
            state.Epoch++;
            state.Taken = 0;
            var current = stored.TryGetValue(state.Partition, out var next) ? next : CheckpointAdvance.None;
            if (current == state.ExpectedNext)
            {
                _pendingCount += state.Pending.Count;
                continue;
            }

            StreamingLog.Resynced(_logger, state.Partition, current, state.ExpectedNext);
            state.Pending.Clear();
            state.ExpectedNext = current;
            if (current >= 0)
            {
                try
                {
                    _consumer!.Seek(new TopicPartitionOffset(_options.Topic, state.Partition, current));
                }
                catch (KafkaException ex)
                {
                    // Not fetching yet (just assigned): the next assignment starts from the checkpoint anyway.
                    StreamingLog.CommitSkipped(_logger, ex.Error.Reason);
                }
            }
        }
    }

    private async Task<IReadOnlyDictionary<int, long>> ReadCheckpointsWithRetryAsync()
    {
        var backoff = new CappedBackoff(_options.MaxRetryBackoff);
        long? unavailableSince = null;
        while (true)
        {
            try
            {
                var stored = await _warehouse.ReadCheckpointsAsync(_options.GroupId, _options.Topic, CancellationToken.None);
                if (unavailableSince is { } since)
                {
                    StreamingLog.WarehouseRecovered(_logger, Stopwatch.GetElapsedTime(since).TotalSeconds);
                }

                return stored;
            }
            catch (Exception ex) when (WarehouseErrors.IsTransient(ex))
            {
                if (unavailableSince is null)
                {
                    unavailableSince = Stopwatch.GetTimestamp();
                    StreamingLog.WarehouseUnavailable(_logger, OneLine(ex), _pendingCount, _options.MaxRetryBackoff.TotalSeconds);
                }

                await Task.Delay(backoff.Next());
            }
        }
    }

    private IEnumerable<TopicPartitionOffset> OnAssigned(IConsumer<Ignore, byte[]> consumer, List<TopicPartition> assigned)
    {
        // Rebalance handlers are synchronous and run on this loop's own thread (no synchronization context), so waiting
        // here cannot deadlock; the group waits for the start offsets, which only the warehouse knows.
        var stored = ReadCheckpointsWithRetryAsync().GetAwaiter().GetResult();
        var starts = new List<TopicPartitionOffset>(assigned.Count);
        foreach (var tp in assigned)
        {
            var partition = tp.Partition.Value;
            var state = new PartitionState(partition);
            Offset start;
            if (stored.TryGetValue(partition, out var next))
            {
                state.ExpectedNext = next;
                start = new Offset(next);
                var watermarks = consumer.QueryWatermarkOffsets(tp, WatermarkTimeout);
                if (watermarks.Low.Value > next)
                {
                    var lost = watermarks.Low.Value - next;
                    StreamingLog.DataLoss(_logger, partition, next, watermarks.Low.Value, lost);
                    _metrics.DataLost(lost);
                    if (_options.OnDataLoss == DataLossPolicy.Fail)
                    {
                        _fatal ??= new DataLossException(
                            $"partition {partition} of '{_options.Topic}': the warehouse checkpoint is offset {next} but the oldest offset on the broker is {watermarks.Low.Value} " +
                            $"({lost} messages were deleted unread); rerun with --on-data-loss skip to continue from offset {watermarks.Low.Value}");
                    }
                    else
                    {
                        start = watermarks.Low;
                    }
                }
            }
            else
            {
                start = _options.StartingOffsets == StartingOffsets.Earliest ? Offset.Beginning : Offset.End;
            }

            _partitions[partition] = state;
            starts.Add(new TopicPartitionOffset(tp, start));
        }

        _lastAssignedTimestamp = Stopwatch.GetTimestamp();
        StreamingLog.Assigned(_logger, Describe(assigned), DescribeOffsets(starts));
        return starts;
    }

    private void DropPartitions(List<TopicPartitionOffset> partitions, bool lost)
    {
        if (!lost)
        {
            // Revoked: finish the in-flight write first, so the next owner starts from its checkpoint instead of
            // re-reading it and meeting a checkpoint conflict. Lost partitions are not waited for: their guarded
            // checkpoint decides whether this worker's write or the new owner's wins.
            FinishRunningWriteForRevocation();
        }

        var dropped = 0;
        foreach (var tpo in partitions)
        {
            if (_partitions.Remove(tpo.Partition.Value, out var state))
            {
                dropped += state.Pending.Count;
                _pendingCount -= state.Pending.Count - state.Taken;
            }
        }

        var names = Describe(partitions.ConvertAll(p => p.TopicPartition));
        if (lost)
        {
            StreamingLog.Lost(_logger, names, dropped);
        }
        else
        {
            StreamingLog.Revoked(_logger, names, dropped);
        }

        // The paused set is cleared by the rebalance; pause again on the next retry if needed.
        _paused = false;
    }

    private void FinishRunningWriteForRevocation()
    {
        if (_inFlight is not { } write)
        {
            return;
        }

        try
        {
            // A synchronous handler on this loop's own thread (no synchronization context): the write runs on the pool.
            write.Task.Wait(CloseTimeout);
        }
        catch (AggregateException)
        {
            // Failed: the loop sees the failure when it harvests the write and retries what is still owned.
        }

        if (write.Task.IsCompletedSuccessfully)
        {
            _inFlight = null;
            OnCommitted(write, write.Task.Result);
        }
    }

    private async Task PollWhileWaitingAsync(TimeSpan wait)
    {
        // Keep calling Consume so the group does not evict this member (max.poll.interval.ms) and rebalances are served.
        var until = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < until)
        {
            var result = ConsumeOnce(TimeSpan.FromMilliseconds(100));
            if (result is not null)
            {
                Add(result);
            }

            await Task.Yield();
        }
    }

    private void PauseAssigned()
    {
        if (_paused || _partitions.Count == 0)
        {
            return;
        }

        _consumer!.Pause(AssignedPartitions());
        _paused = true;
    }

    private void ResumeAssigned()
    {
        if (!_paused)
        {
            return;
        }

        _paused = false;
        try
        {
            _consumer?.Resume(AssignedPartitions());
        }
        catch (KafkaException ex)
        {
            StreamingLog.CommitSkipped(_logger, ex.Error.Reason);
        }
    }

    private List<TopicPartition> AssignedPartitions()
    {
        var list = new List<TopicPartition>(_partitions.Count);
        foreach (var partition in _partitions.Keys)
        {
            list.Add(new TopicPartition(_options.Topic, partition));
        }

        return list;
    }

    /// <summary>True when every owned partition's checkpoint has reached the broker's end offset (asked of the broker).</summary>
    private bool CaughtUp()
    {
        foreach (var state in _partitions.Values)
        {
            try
            {
                var high = _consumer!.QueryWatermarkOffsets(new TopicPartition(_options.Topic, state.Partition), WatermarkTimeout).High.Value;
                // No checkpoint yet: from "earliest" everything is still to read; from "latest" nothing was.
                var position = state.ExpectedNext >= 0 ? state.ExpectedNext : _options.StartingOffsets == StartingOffsets.Latest ? long.MaxValue : 0;
                if (position < high)
                {
                    return false;
                }
            }
            catch (KafkaException)
            {
                // Broker unreachable: not provably caught up; try again after the next idle period.
                return false;
            }
        }

        return true;
    }

    private void UpdateLag()
    {
        var lag = new Dictionary<int, long>(_partitions.Count);
        foreach (var state in _partitions.Values)
        {
            var watermarks = _consumer!.GetWatermarkOffsets(new TopicPartition(_options.Topic, state.Partition));
            if (watermarks.High.Value >= 0 && state.ExpectedNext >= 0)
            {
                lag[state.Partition] = Math.Max(0, watermarks.High.Value - state.ExpectedNext);
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

        if (!_kafkaDown && error.Code is ErrorCode.Local_AllBrokersDown or ErrorCode.Local_Transport or ErrorCode.Local_Resolve or ErrorCode.Local_Authentication or ErrorCode.BrokerNotAvailable)
        {
            _kafkaDown = true;
            StreamingLog.KafkaUnavailable(_logger, error.Reason);
        }
    }

    private void ThrowIfFatal()
    {
        if (_fatal is { } fatal)
        {
            throw fatal;
        }
    }

    private void LogStatus(TimeSpan window, long insertedInWindow)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", "running");
            json.WriteString("worker", _options.WorkerId);
            json.WriteNumber("partitions", _partitions.Count);
            json.WriteNumber("consumed", _metrics.TotalConsumed);
            json.WriteNumber("inserted", _metrics.TotalInserted);
            json.WriteNumber("duplicates", _metrics.TotalDuplicates);
            json.WriteNumber("rejected", _metrics.TotalRejected);
            json.WriteNumber("bots", _metrics.TotalBots);
            json.WriteNumber("batches", _metrics.TotalBatches);
            json.WriteNumber("lag", _metrics.TotalLag);
            json.WriteNumber("inserted_per_s", Math.Round(insertedInWindow / Math.Max(0.001, window.TotalSeconds), 1));
            json.WriteNumber("pending", _pendingCount);
            json.WriteNumber("in_flight", _inFlight is { } write ? InFlightMessages(write) : 0);
            json.WriteNumber("process_s", Math.Round(_metrics.TotalProcessSeconds, 2));
            json.WriteNumber("write_wait_s", Math.Round(_metrics.TotalWriteWaitSeconds, 2));
            // Memory as the OS sees it (resident) and the managed heap's share of it, for sizing --max-batch and caches.
            var gc = GC.GetGCMemoryInfo();
            json.WriteNumber("rss_mb", Environment.WorkingSet / (1024 * 1024));
            json.WriteNumber("gc_heap_mb", gc.HeapSizeBytes / (1024 * 1024));
            json.WriteNumber("gc_committed_mb", gc.TotalCommittedBytes / (1024 * 1024));
            json.WriteEndObject();
        }

        StreamingLog.Status(_logger, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ");

    private static string Describe(IEnumerable<TopicPartition> partitions)
    {
        var builder = new StringBuilder("[");
        foreach (var tp in partitions)
        {
            builder.Append(builder.Length > 1 ? "," : "").Append(tp.Partition.Value.ToString(CultureInfo.InvariantCulture));
        }

        return builder.Append(']').ToString();
    }

    private static string DescribeOffsets(List<TopicPartitionOffset> offsets)
    {
        var builder = new StringBuilder();
        foreach (var tpo in offsets)
        {
            builder.Append(builder.Length > 0 ? ", " : "")
                .Append(tpo.Partition.Value.ToString(CultureInfo.InvariantCulture)).Append('→')
                .Append(tpo.Offset.IsSpecial ? tpo.Offset.ToString() : tpo.Offset.Value.ToString(CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }

    private sealed class PartitionState(int partition)
    {
        public int Partition { get; } = partition;

        /// <summary>The next offset the warehouse holds for this partition, as this worker last saw it (-1: none).</summary>
        public long ExpectedNext { get; set; } = CheckpointAdvance.None;

        /// <summary>Bumped by a resync: batches prepared before it are stale for this partition.</summary>
        public int Epoch { get; set; }

        /// <summary>Consumed messages not yet committed, in offset order; the first <see cref="Taken"/> are in a batch.</summary>
        public List<RawMessage> Pending { get; } = [];

        public int Taken { get; set; }
    }

    /// <summary>One partition's share of a batch: its next <paramref name="Count"/> pending messages, up to <paramref name="NextOffset"/>.</summary>
    private sealed record BatchPart(PartitionState State, int Epoch, int Count, long NextOffset);

    /// <summary>A batch parsed and enriched, waiting for the previous write to finish.</summary>
    private sealed record ReadyBatch(int MessageCount, List<BatchPart> Parts, ProcessedBatch Processed, PreparedEvents? Prepared, DateTimeOffset StartedAt);

    /// <summary>The one write in flight: the parts it covers and the advances it makes (same order).</summary>
    private sealed record InFlightWrite(ReadyBatch Ready, List<BatchPart> Parts, List<CheckpointAdvance> Advances, Task<BatchWriteResult> Task, long StartedTimestamp);
}
