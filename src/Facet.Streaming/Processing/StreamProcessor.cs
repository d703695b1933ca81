using System.Diagnostics;
using Confluent.Kafka;
using Facet.Core.Events;
using Facet.Storage;
using Facet.Streaming.Streams;
using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Processing;

/// <summary>
/// <c>facet run</c>: one member of a Kafka consumer group that loads micro-batches of every selected stream into the
/// warehouse with an exactly-once effect. The warehouse checkpoint of each (group, topic, partition), written in the
/// same transaction as the rows and guarded on the expected previous offset, is the truth; Kafka offsets are committed
/// afterwards only for lag tools.
/// </summary>
/// <remarks>
/// One loop owns all state (no locks): the rebalance handlers run inside <c>Consume</c> on the same thread. What it
/// holds per partition is the <see cref="PartitionLedger"/>; the write in flight is the <see cref="WritePipeline"/>;
/// the state machine and status line are <see cref="ProcessorStatus"/>. This file is the loop; the Kafka handlers are
/// in StreamProcessor.Kafka.cs. While batch N is written, the loop consumes and decodes batch N+1; at most one write
/// is in flight, so N+1's guarded advances start from what N committed. The loop never blocks on the warehouse:
/// while it is down, partitions are paused and polling goes on, so the group keeps this member.
/// </remarks>
public sealed partial class StreamProcessor
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromMilliseconds(200);

    // While a write is in flight the loop polls briefly, so its commit (and the Kafka offset commit) is seen at once.
    private static readonly TimeSpan InFlightPoll = TimeSpan.FromMilliseconds(5);

    private readonly ConsumerConfig _consumerConfig;
    private readonly StreamProcessorOptions _options;
    private readonly IWarehouse _warehouse;
    private readonly StreamSet _streams;
    private readonly StreamMetrics _metrics;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly MessageArena _arena = new();
    private readonly PartitionLedger _ledger;
    private readonly OpenBatchDecoding _open;
    private readonly WritePipeline _pipeline;
    private readonly WarehouseRetry _registryRetry;

    private long _batchStartedTimestamp;
    private DateTimeOffset _batchStartedAt;
    private Exception? _fatal;
    private CancellationToken _stopping;
    private long? _stopDeadline;

    public StreamProcessor(
        ConsumerConfig consumerConfig,
        StreamProcessorOptions options,
        IWarehouse warehouse,
        StreamSet streams,
        StreamMetrics metrics,
        ILogger<StreamProcessor> logger,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(consumerConfig);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(warehouse);
        ArgumentNullException.ThrowIfNull(streams);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        options.Validate();
        _consumerConfig = consumerConfig;
        _options = options;
        _warehouse = warehouse;
        _streams = streams;
        _metrics = metrics;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _ledger = new PartitionLedger(_arena);
        _open = new OpenBatchDecoding(streams, _ledger, options.MaxBatch);
        _pipeline = new WritePipeline(warehouse, new WarehouseRetry(options.MaxRetryBackoff, logger));
        _registryRetry = new WarehouseRetry(options.MaxRetryBackoff, logger, WarehouseRetry.Subject.SchemaRegistry);
        Status = new ProcessorStatus(options.WorkerId, metrics, logger);
    }

    /// <summary>Fires after each committed batch (tests and the demo's status line observe progress through it).</summary>
    public event Action<BatchWriteResult>? BatchCommitted;

    /// <summary>The state machine: <see cref="ProcessorStatus.State"/>, its reason, and a change event.</summary>
    public ProcessorStatus Status { get; }

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
        // The servers and protocol in effect (no secret is part of either), so a wrong port or protocol shows at once.
        StreamingLog.Starting(_logger, string.Join(", ", _streams.Streams), _options.GroupId, _options.WorkerId, _consumerConfig.BootstrapServers ?? "?",
            (_consumerConfig.SecurityProtocol ?? SecurityProtocol.Plaintext).ToString().ToLowerInvariant(), _options.Trigger.TotalMilliseconds, _options.MaxBatch);
        var consumer = BuildConsumer();
        _consumer = consumer;
        var idleSince = Stopwatch.GetTimestamp();
        var statusSince = Stopwatch.GetTimestamp();
        var insertedAtLastStatus = 0L;
        try
        {
            consumer.Subscribe(_streams.Topics);
            while (!stoppingToken.IsCancellationRequested)
            {
                var result = ConsumeOnce(NextPollTimeout());
                if (result is not null && Add(result))
                {
                    idleSince = Stopwatch.GetTimestamp();
                }
                else if (result is null && _open.Undecoded > 0)
                {
                    // A poll that found nothing: the loop has time for the open batch's last messages.
                    DecodeOpenPart();
                }

                ThrowIfFatal();
                StartDeferredPartitions();
                ThrowIfFatal();

                if (_pipeline.IsCompleted)
                {
                    await FinishWriteAsync(deadline: null);
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
                    Status.Log(Stopwatch.GetElapsedTime(statusSince), inserted - insertedAtLastStatus, _ledger.Count, _ledger.Untaken, _pipeline.InFlightMessages, !_kafkaDown);
                    insertedAtLastStatus = inserted;
                    statusSince = Stopwatch.GetTimestamp();
                }

                // Idle counts only once the group has given this member its partitions (joining takes seconds), and
                // ends only when every partition of the topics is committed up to the broker's end: a quiet fetch is
                // not the end, and neither is this member's share while a dead peer's partitions wait for a new owner.
                if (_options.StopWhenIdle is { } idle && _ledger.Untaken == 0 && !_pipeline.IsBusy && _lastAssignedTimestamp != 0
                    && Stopwatch.GetElapsedTime(Math.Max(idleSince, _lastAssignedTimestamp)) >= idle)
                {
                    if (await JobDoneAsync())
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

            Status.MoveTo(ProcessorState.Draining);
            await FlushAsync(StopDeadline());
            ThrowIfFatal();
            // The committed batches' sessions and funnel progress, when they trail the batches
            // (WarehouseOptions.TrailDerivedWrites): a trailing transaction is not cancelled by the stop's deadline; it
            // is one batch's derived rows. One that failed with the warehouse down stays pending for the next start,
            // as after a crash: the stop does not wait for the warehouse to come back.
            try
            {
                await _warehouse.FlushAsync(CancellationToken.None);
            }
            catch (Exception ex) when (WarehouseErrors.IsTransient(ex))
            {
                StreamingLog.DerivedRowsLeftPending(_logger, WarehouseRetry.OneLine(ex));
            }
        }
        catch (Exception ex)
        {
            Status.MoveTo(ProcessorState.Failed, WarehouseRetry.OneLine(ex));
            throw;
        }
        finally
        {
            await LeaveGroupAsync(consumer);
            _consumer = null;
        }

        Status.MoveTo(ProcessorState.Stopped);
        StreamingLog.Stopped(_logger, _metrics.TotalConsumed, _metrics.TotalInserted, _metrics.TotalDuplicates, _metrics.TotalRejected, _metrics.TotalBatches, _metrics.TotalProcessSeconds, _metrics.TotalWriteWaitSeconds);
        return new StreamRunSummary(_metrics.TotalConsumed, _metrics.TotalInserted, _metrics.TotalDuplicates, _metrics.TotalRejected, _metrics.TotalBatches, _metrics.TotalDataLoss);
    }

    /// <summary>
    /// The stop's deadline, fixed when the stop is first seen. It bounds the whole stop, not only the wait: a write
    /// still running when it passes is cancelled and rolled back (its messages are re-read from the checkpoint), and
    /// no batch starts after it.
    /// </summary>
    private long StopDeadline()
    {
        if (_stopDeadline is { } deadline)
        {
            return deadline;
        }

        deadline = Stopwatch.GetTimestamp() + (long)(_options.ShutdownFlushTimeout.TotalSeconds * Stopwatch.Frequency);
        _stopDeadline = deadline;
        _pipeline.CancelAt(deadline);
        return deadline;
    }

    private TimeSpan NextPollTimeout()
    {
        var poll = _pipeline.IsBusy ? InFlightPoll : IdlePoll;
        if (_ledger.Untaken == 0)
        {
            return poll;
        }

        var remaining = _options.Trigger - Stopwatch.GetElapsedTime(_batchStartedTimestamp);
        return remaining <= TimeSpan.Zero ? TimeSpan.Zero : remaining < poll ? remaining : poll;
    }

    private bool BatchDue() =>
        _ledger.Untaken >= _options.MaxBatch
        || (_ledger.Untaken > 0 && Stopwatch.GetElapsedTime(_batchStartedTimestamp) >= _options.Trigger);

    /// <summary>Adds a consumed message to its partition's pending list; false when this member does not hold it (now).</summary>
    private bool Add(ConsumeResult<Ignore, ReadOnlyMemory<byte>> result)
    {
        MarkKafkaUp();
        var id = new PartitionId(result.Topic, result.Partition.Value);
        var message = result.Message;
        DateTimeOffset? produced = message.Timestamp.Type == TimestampType.NotAvailable ? null : message.Timestamp.UtcDateTime;
        var wasEmpty = _ledger.Untaken == 0;
        var raw = new RawMessage(message.Value, SourcePosition.Kafka(result.Topic, id.Partition, result.Offset.Value), produced);
        // A message from a partition not (or not yet) started here — delivered around a rebalance — is read by its owner.
        if (!_ledger.Add(id, raw))
        {
            return false;
        }

        if (_open.Added(raw))
        {
            DecodeOpenPart();
        }

        if (wasEmpty)
        {
            _batchStartedTimestamp = Stopwatch.GetTimestamp();
            _batchStartedAt = _time.GetUtcNow();
        }

        _metrics.Consumed(1);
        return true;
    }

    /// <summary>
    /// Takes everything pending into a batch and decodes it while the previous batch's write finishes, then starts its
    /// write. With a <paramref name="deadline"/> (shutdown) it also waits for that write, until nothing is pending.
    /// Returns false only when the deadline passed first: nothing is lost then, the messages are re-read from the
    /// checkpoint on the next start.
    /// </summary>
    private async Task<bool> FlushAsync(long? deadline)
    {
        do
        {
            if (deadline is { } d && Stopwatch.GetTimestamp() >= d)
            {
                // Past the stop deadline: no new batch (its write would only be cancelled), and the one in flight was.
                var finished = await FinishWriteAsync(deadline);
                if (_ledger.Untaken > 0)
                {
                    StreamingLog.ShutdownDeadlinePassed(_logger, _ledger.Untaken, _options.ShutdownFlushTimeout.TotalSeconds);
                }

                return finished && _ledger.Untaken == 0;
            }

            if (_ledger.Untaken > 0 && !await PrepareDecodersAsync(deadline))
            {
                // Stopping while the schema registry is down: the untaken messages are re-read from the checkpoint.
                await FinishWriteAsync(deadline);
                return false;
            }

            var ready = _ledger.Untaken > 0 ? Decode() : null;
            if (!await FinishWriteAsync(deadline))
            {
                return false;
            }

            if (ready is not null && Compose(ready) is { } write)
            {
                await _pipeline.StartAsync(write);
            }

            if (deadline is not null && !await FinishWriteAsync(deadline))
            {
                return false;
            }
        }
        while (deadline is not null && _ledger.Untaken > 0);

        return true;
    }

    /// <summary>
    /// Awaits the streams' preparation step (Avro writer schemas from the registry) for the messages the next
    /// <see cref="Decode"/> takes. While the registry is down the messages stay in the ledger, the partitions are
    /// paused and Kafka keeps being polled, like a warehouse outage; nothing is rejected for it. False when a stop was
    /// asked for (or <paramref name="deadline"/> passed) while waiting.
    /// </summary>
    private async Task<bool> PrepareDecodersAsync(long? deadline)
    {
        if (!_streams.Prepares)
        {
            // Nothing to await: gathering the pending messages for nothing was a large-object-heap list per batch.
            return true;
        }

        while (true)
        {
            var pending = _ledger.PeekUntaken();
            if (pending.Count == 0)
            {
                return true;
            }

            try
            {
                await _streams.PrepareAsync(pending, CancellationToken.None);
                if (_registryRetry.IsFailing)
                {
                    _registryRetry.Succeeded();
                    ResumeAfterWarehouseOutage();
                }

                return true;
            }
            catch (Exception ex) when (WarehouseErrors.IsTransient(ex))
            {
                var giveUp = deadline is { } d ? Stopwatch.GetTimestamp() >= d : _stopping.IsCancellationRequested;
                if (giveUp || !_registryRetry.ShouldRetry(ex, pending.Count + _pipeline.InFlightMessages, null, out var delay))
                {
                    return false;
                }

                Status.MoveTo(ProcessorState.Paused, "schema registry unavailable: " + WarehouseRetry.OneLine(ex));
                await WaitWhileWarehouseDownAsync(delay);
            }
        }
    }

    /// <summary>
    /// Takes the pending messages into a batch and decodes what the open batch's decoding has not (CPU work that
    /// overlaps the in-flight write).
    /// </summary>
    private ReadyBatch Decode()
    {
        var taken = _ledger.Take();
        var started = Stopwatch.GetTimestamp();
        var decoded = _open.Finish(taken.Messages, _warehouse) ?? _streams.Decode(taken.Messages, _warehouse);
        // A partition revoked during the write frees its messages' arena blocks: a rejection keeps its own copy.
        decoded.OwnRejectedBytes(_arena.Holds);
        _metrics.Processed(Stopwatch.GetElapsedTime(started));
        return new ReadyBatch(taken, decoded, _batchStartedAt);
    }

    /// <summary>The open batch's messages added since its last part, decoded while it fills (<see cref="OpenBatchDecoding"/>).</summary>
    private void DecodeOpenPart()
    {
        var started = Stopwatch.GetTimestamp();
        _open.DecodePart();
        _metrics.Processed(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The write for <paramref name="ready"/>. Partitions revoked, lost or resynced since it was taken are left out
    /// (their messages are re-read by whoever owns them; the rest is decoded again, a rare path); the guarded advances
    /// start from what the warehouse holds now, which is final because at most one write is ever in flight.
    /// </summary>
    private PendingWrite? Compose(ReadyBatch ready)
    {
        var kept = ready.Taken.Parts.Where(_ledger.IsCurrent).ToList();
        if (kept.Count == 0)
        {
            return null;
        }

        var decoded = ready.Decoded;
        if (kept.Count < ready.Taken.Parts.Count)
        {
            decoded = _streams.Decode([.. kept.SelectMany(static p => p.Messages)], _warehouse);
            decoded.OwnRejectedBytes(_arena.Holds);
        }

        var advances = kept.ConvertAll(part => _ledger.AdvanceFor(part, _options.GroupId));
        var messages = kept.Sum(static p => p.Messages.Count);
        var batch = new WarehouseBatch(decoded.Rows, decoded.Rejections, advances)
        {
            Info = new BatchInfo(_options.WorkerId, messages, _metrics.TotalLag, ready.StartedAt),
        };
        return new PendingWrite(batch, messages, new WriteTag(ready, kept, decoded));
    }

    /// <summary>
    /// Waits for the write in flight and applies its outcome: committed → advance and commit Kafka offsets; checkpoint
    /// conflict → resync from the warehouse; warehouse down → pause, keep polling, write again what is still owned.
    /// Returns false when <paramref name="deadline"/> passed while the warehouse was still failing.
    /// </summary>
    private async Task<bool> FinishWriteAsync(long? deadline)
    {
        if (!_pipeline.IsBusy)
        {
            return true;
        }

        var waitStarted = Stopwatch.GetTimestamp();
        if (deadline is null)
        {
            // A stop asked for during this wait must not wait out the write (on a busy machine a batch's write takes
            // seconds): from then on the stop's deadline bounds it.
            await _pipeline.WaitAsync(_stopping);
            if (_stopping.IsCancellationRequested)
            {
                deadline = StopDeadline();
            }
        }

        try
        {
            var outcome = await _pipeline.FinishAsync(WaitWhileWarehouseDownAsync, write => Compose(((WriteTag)write.Tag!).Ready), _ledger.Untaken, deadline: deadline);
            _metrics.WaitedForWrite(Stopwatch.GetElapsedTime(waitStarted));
            switch (outcome)
            {
                case null:
                    return true;
                case { Kind: WriteOutcomeKind.Committed }:
                    OnCommitted(outcome.Write, outcome.Result!, outcome.Duration);
                    return true;
                case { Kind: WriteOutcomeKind.Cancelled }:
                    StreamingLog.ShutdownWriteCancelled(_logger, outcome.Write.Messages, _options.ShutdownFlushTimeout.TotalSeconds);
                    return false;
                case { Kind: WriteOutcomeKind.CheckpointConflict }:
                    // Also what a commit whose acknowledgement was lost looks like on retry: resync, don't guess.
                    StreamingLog.CheckpointConflict(_logger, outcome.Error!.Message);
                    await ResyncAsync();
                    return true;
                default:
                    StreamingLog.ShutdownFlushFailed(_logger, outcome.Write.Messages + _ledger.Untaken, WarehouseRetry.OneLine(outcome.Error!));
                    return false;
            }
        }
        finally
        {
            ResumeAfterWarehouseOutage();
        }
    }

    private void OnCommitted(PendingWrite write, BatchWriteResult result, TimeSpan duration)
    {
        var tag = (WriteTag)write.Tag!;
        var offsets = new List<TopicPartitionOffset>(tag.Parts.Count);
        foreach (var part in tag.Parts)
        {
            if (_ledger.Commit(part))
            {
                offsets.Add(new TopicPartitionOffset(part.Id.Topic, part.Id.Partition, part.NextOffset));
            }
        }

        TimeSpan? freshness = tag.Decoded.OldestProduced is { } produced ? _time.GetUtcNow() - produced : null;
        _metrics.BatchCommitted(tag.Decoded.Accepted, result.Inserted, result.Rejected, result.Duplicates, tag.Decoded.Bots, duration, freshness);
        _metrics.Rejected(write.Batch.Rejections);
        UpdateLag();
        CommitKafkaOffsets(offsets);
        // The batch's parts are committed and its write is over: nothing reads its message list again.
        _ledger.Recycle(tag.Ready.Taken);
        if (Status.State is ProcessorState.Starting or ProcessorState.Paused)
        {
            Status.MoveTo(ProcessorState.Running);
        }

        BatchCommitted?.Invoke(result);
    }

    /// <summary>
    /// After a conflict: every owned partition goes back to what the warehouse holds. Where it holds what this worker
    /// expected, all uncommitted messages are still in memory and are batched again (a new epoch makes any batch taken
    /// before the conflict stale); elsewhere they are dropped and re-read from the stored checkpoint.
    /// </summary>
    private async Task ResyncAsync()
    {
        var owned = _ledger.Owned.ToList();
        var stored = await ReadCheckpointsPollingAsync(owned);
        foreach (var (id, current, expected) in _ledger.Resync(id => stored.TryGetValue(id, out var next) ? next : CheckpointAdvance.None))
        {
            StreamingLog.Resynced(_logger, id.ToString(), current, expected);
            if (current >= 0)
            {
                TrySeek(id, current);
            }
        }
    }

    /// <summary>Reads the checkpoints of <paramref name="partitions"/>, retrying while the warehouse is down — polling Kafka meanwhile.</summary>
    private async Task<Dictionary<PartitionId, long>> ReadCheckpointsPollingAsync(IReadOnlyCollection<PartitionId> partitions)
    {
        var retry = new WarehouseRetry(_options.MaxRetryBackoff, _logger);
        while (true)
        {
            try
            {
                var stored = await ReadCheckpointsAsync(partitions, CancellationToken.None);
                retry.Succeeded();
                return stored;
            }
            catch (Exception ex) when (retry.ShouldRetry(ex, _ledger.Untaken, null, out var delay))
            {
                Status.MoveTo(ProcessorState.Paused, "warehouse unavailable: " + WarehouseRetry.OneLine(ex));
                await WaitWhileWarehouseDownAsync(delay);
            }
        }
    }

    private async Task<Dictionary<PartitionId, long>> ReadCheckpointsAsync(IEnumerable<PartitionId> partitions, CancellationToken ct)
    {
        var result = new Dictionary<PartitionId, long>();
        foreach (var topic in partitions.Select(static p => p.Topic).Distinct(StringComparer.Ordinal))
        {
            foreach (var (partition, next) in await _warehouse.ReadCheckpointsAsync(_options.GroupId, topic, ct))
            {
                result[new PartitionId(topic, partition)] = next;
            }
        }

        return result;
    }

    private void ThrowIfFatal()
    {
        if (_fatal is { } fatal)
        {
            throw fatal;
        }
    }

    /// <summary>A batch taken from the ledger and decoded, waiting for the previous write to finish.</summary>
    private sealed record ReadyBatch(LedgerBatch Taken, DecodedBatch Decoded, DateTimeOffset StartedAt);

    /// <summary>What a write covers: the parts it advances (the current ones when composed) and their decoded rows.</summary>
    private sealed record WriteTag(ReadyBatch Ready, IReadOnlyList<LedgerPart> Parts, DecodedBatch Decoded);
}
