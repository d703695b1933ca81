using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Processing;

/// <summary>
/// The processor's state machine (one log line per transition) and its periodic one-line JSON status. Written by
/// the consume loop's thread; <see cref="State"/> and <see cref="Reason"/> may be read from any thread.
/// </summary>
public sealed class ProcessorStatus(string workerId, StreamMetrics metrics, ILogger logger)
{
    private volatile StateSnapshot _current = new(ProcessorState.Starting, null);

    public ProcessorState State => _current.State;

    /// <summary>Why the processor is <see cref="ProcessorState.Paused"/> or <see cref="ProcessorState.Failed"/> (null otherwise).</summary>
    public string? Reason => _current.Reason;

    /// <summary>Fires on each transition (on the loop's thread).</summary>
    public event Action<ProcessorState, string?>? Changed;

    public void MoveTo(ProcessorState state, string? reason = null)
    {
        var previous = _current;
        if (previous.State == state && previous.Reason == reason)
        {
            return;
        }

        _current = new StateSnapshot(state, reason);
        metrics.StateChanged(state);
        // Paused always means the warehouse is being retried (writes or checkpoint reads); running means it answered.
        if (state == ProcessorState.Paused)
        {
            metrics.WarehouseAvailable(false);
        }
        else if (state == ProcessorState.Running)
        {
            metrics.WarehouseAvailable(true);
        }
        StreamingLog.StateChanged(logger, previous.State, state, reason ?? "");
        Changed?.Invoke(state, reason);
    }

    /// <summary>Writes the status line: counters, lag, pending work, memory.</summary>
    public void Log(TimeSpan window, long insertedInWindow, int partitions, int pending, int inFlight, bool kafkaUp)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("status", State.ToString().ToLowerInvariant());
            if (Reason is { } reason)
            {
                json.WriteString("reason", reason);
            }

            json.WriteString("worker", workerId);
            json.WriteString("kafka", kafkaUp ? "up" : "unavailable");
            json.WriteNumber("partitions", partitions);
            json.WriteNumber("consumed", metrics.TotalConsumed);
            json.WriteNumber("inserted", metrics.TotalInserted);
            json.WriteNumber("duplicates", metrics.TotalDuplicates);
            json.WriteNumber("rejected", metrics.TotalRejected);
            json.WriteNumber("bots", metrics.TotalBots);
            json.WriteNumber("batches", metrics.TotalBatches);
            json.WriteNumber("lag", metrics.TotalLag);
            json.WriteNumber("inserted_per_s", Math.Round(insertedInWindow / Math.Max(0.001, window.TotalSeconds), 1));
            json.WriteNumber("pending", pending);
            json.WriteNumber("in_flight", inFlight);
            json.WriteNumber("process_s", Math.Round(metrics.TotalProcessSeconds, 2));
            json.WriteNumber("write_wait_s", Math.Round(metrics.TotalWriteWaitSeconds, 2));
            // Memory as the OS sees it (resident) and the managed heap's share of it, for sizing --max-batch and caches.
            var gc = GC.GetGCMemoryInfo();
            json.WriteNumber("rss_mb", Environment.WorkingSet / (1024 * 1024));
            json.WriteNumber("gc_heap_mb", gc.HeapSizeBytes / (1024 * 1024));
            json.WriteNumber("gc_committed_mb", gc.TotalCommittedBytes / (1024 * 1024));
            json.WriteEndObject();
        }

        StreamingLog.Status(logger, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    private sealed record StateSnapshot(ProcessorState State, string? Reason);
}
