using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Processing;

/// <summary>Source-generated log messages of the stream processor: one clear line per state change.</summary>
internal static partial class StreamingLog
{
    [LoggerMessage(1, LogLevel.Information, "Consuming {Topic} as group '{Group}' (worker {Worker}) from {Bootstrap} over {Protocol}; batches close after {TriggerMs} ms or {MaxBatch} messages")]
    public static partial void Starting(ILogger logger, string topic, string group, string worker, string bootstrap, string protocol, double triggerMs, int maxBatch);

    [LoggerMessage(2, LogLevel.Information, "Assigned partitions {Partitions}; starting at {Offsets}")]
    public static partial void Assigned(ILogger logger, string partitions, string offsets);

    [LoggerMessage(3, LogLevel.Information, "Partitions {Partitions} revoked; {Dropped} uncommitted messages dropped (the next owner re-reads them from the warehouse checkpoint)")]
    public static partial void Revoked(ILogger logger, string partitions, int dropped);

    [LoggerMessage(4, LogLevel.Warning, "Partitions {Partitions} lost; {Dropped} uncommitted messages dropped")]
    public static partial void Lost(ILogger logger, string partitions, int dropped);

    [LoggerMessage(5, LogLevel.Warning, "Warehouse unavailable ({Reason}); keeping the batch of {Pending} messages and retrying with backoff up to {MaxBackoffSeconds} s")]
    public static partial void WarehouseUnavailable(ILogger logger, string reason, int pending, double maxBackoffSeconds);

    [LoggerMessage(6, LogLevel.Information, "Warehouse available again after {Seconds:0.0} s; batch committed")]
    public static partial void WarehouseRecovered(ILogger logger, double seconds);

    [LoggerMessage(7, LogLevel.Warning, "Checkpoint conflict: {Message}. Re-reading checkpoints")]
    public static partial void CheckpointConflict(ILogger logger, string message);

    [LoggerMessage(8, LogLevel.Warning, "Partition {Partition}: the warehouse is at offset {Stored} but this worker expected {Expected}; resuming from the warehouse")]
    public static partial void Resynced(ILogger logger, string partition, long stored, long expected);

    [LoggerMessage(9, LogLevel.Warning, "Kafka unavailable: {Reason}")]
    public static partial void KafkaUnavailable(ILogger logger, string reason);

    [LoggerMessage(10, LogLevel.Information, "Kafka reachable again")]
    public static partial void KafkaRecovered(ILogger logger);

    [LoggerMessage(11, LogLevel.Error, "Data loss on partition {Partition}: the checkpoint is offset {Checkpoint} but the oldest offset on the broker is {Low}; {Lost} messages are gone")]
    public static partial void DataLoss(ILogger logger, string partition, long checkpoint, long low, long lost);

    [LoggerMessage(12, LogLevel.Information, "{Status}")]
    public static partial void Status(ILogger logger, string status);

    [LoggerMessage(13, LogLevel.Information, "Stopping: committing the current batch and leaving the group")]
    public static partial void Stopping(ILogger logger);

    [LoggerMessage(14, LogLevel.Information, "Idle for {Seconds:0.#} s with everything committed; stopping")]
    public static partial void Idle(ILogger logger, double seconds);

    [LoggerMessage(15, LogLevel.Information, "Stopped: {Consumed} consumed, {Inserted} inserted, {Duplicates} duplicates, {Rejected} rejected in {Batches} batches; {ProcessSeconds:0.0} s parsing and enriching, {WaitSeconds:0.0} s waiting for warehouse writes")]
    public static partial void Stopped(ILogger logger, long consumed, long inserted, long duplicates, long rejected, long batches, double processSeconds, double waitSeconds);

    [LoggerMessage(16, LogLevel.Debug, "Kafka offset commit skipped ({Reason}); the warehouse checkpoint is the truth")]
    public static partial void CommitSkipped(ILogger logger, string reason);

    [LoggerMessage(17, LogLevel.Error, "Gave up committing the last batch of {Pending} messages at shutdown ({Reason}); nothing was lost: they are re-read from the checkpoint on the next start")]
    public static partial void ShutdownFlushFailed(ILogger logger, int pending, string reason);

    [LoggerMessage(18, LogLevel.Information, "Leaving the consumer group after {Batches} committed batches (partitions were assigned: {Joined})")]
    public static partial void LeavingGroup(ILogger logger, long batches, bool joined);

    [LoggerMessage(19, LogLevel.Warning, "Leaving the consumer group took over {Seconds} s; exiting anyway (the group evicts this member after its session timeout)")]
    public static partial void CloseTimedOut(ILogger logger, double seconds);

    [LoggerMessage(20, LogLevel.Information, "State {From} → {To} {Reason}")]
    public static partial void StateChanged(ILogger logger, ProcessorState from, ProcessorState to, string reason);

    [LoggerMessage(21, LogLevel.Warning, "Partitions {Partitions} assigned, but their checkpoints cannot be read yet ({Reason}); they stay paused and start when the warehouse answers")]
    public static partial void StartDeferred(ILogger logger, string partitions, string reason);

    [LoggerMessage(22, LogLevel.Information, "Partitions {Partitions} start at {Offsets} (checkpoints read after the warehouse came back)")]
    public static partial void StartedLate(ILogger logger, string partitions, string offsets);

    [LoggerMessage(23, LogLevel.Warning, "This member stayed away from Kafka longer than max.poll.interval.ms ({Reason}); the group moves its partitions")]
    public static partial void MaxPollExceeded(ILogger logger, string reason);

    [LoggerMessage(24, LogLevel.Warning, "Schema registry unavailable ({Reason}); keeping {Pending} messages (none rejected) and retrying with backoff up to {MaxBackoffSeconds} s")]
    public static partial void RegistryUnavailable(ILogger logger, string reason, int pending, double maxBackoffSeconds);

    [LoggerMessage(25, LogLevel.Information, "Schema registry available again after {Seconds:0.0} s")]
    public static partial void RegistryRecovered(ILogger logger, double seconds);

    [LoggerMessage(26, LogLevel.Warning, "The last batch's write of {Messages} messages outlived the {Seconds:0.#} s stop deadline and was cancelled; nothing was lost: they are re-read from the checkpoint on the next start")]
    public static partial void ShutdownWriteCancelled(ILogger logger, int messages, double seconds);

    [LoggerMessage(27, LogLevel.Warning, "Stopping after the {Seconds:0.#} s stop deadline with {Pending} messages not written; nothing was lost: they are re-read from the checkpoint on the next start")]
    public static partial void ShutdownDeadlinePassed(ILogger logger, int pending, double seconds);

    [LoggerMessage(28, LogLevel.Warning, "Stopping with the sessions and funnel progress of the last committed batches not written ({Error}); nothing was lost: the next start writes them from the stored facts")]
    public static partial void DerivedRowsLeftPending(ILogger logger, string error);
}
