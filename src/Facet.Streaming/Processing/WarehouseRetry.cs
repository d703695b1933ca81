using System.Diagnostics;
using Facet.Storage;
using Microsoft.Extensions.Logging;

namespace Facet.Streaming.Processing;

/// <summary>
/// How Facet waits out a warehouse that is down, for every caller (<c>facet run</c>'s writes and checkpoint reads,
/// <c>facet load</c>): only failures <see cref="WarehouseErrors.IsTransient"/> calls transient are retried, with capped
/// backoff; one warning when failures start, one line when the warehouse answers again.
/// </summary>
internal sealed class WarehouseRetry(TimeSpan maxBackoff, ILogger logger, WarehouseRetry.Subject subject = WarehouseRetry.Subject.Warehouse)
{
    /// <summary>What is waited for: the warehouse, or the schema registry (Avro writer schemas; same rules, its own log lines).</summary>
    public enum Subject
    {
        Warehouse,
        SchemaRegistry,
    }

    private CappedBackoff _backoff = new(maxBackoff);
    private long? _failingSince;

    public bool IsFailing => _failingSince is not null;

    public TimeSpan MaxBackoff => maxBackoff;

    /// <summary>
    /// A try failed with <paramref name="exception"/>: true with the delay to wait before the next try when it is
    /// transient and, with <paramref name="giveUpAfter"/>, the warehouse has not been failing longer than that.
    /// </summary>
    public bool ShouldRetry(Exception exception, int waitingMessages, TimeSpan? giveUpAfter, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        if (!WarehouseErrors.IsTransient(exception))
        {
            return false;
        }

        if (_failingSince is null)
        {
            _failingSince = Stopwatch.GetTimestamp();
            if (subject == Subject.SchemaRegistry)
            {
                StreamingLog.RegistryUnavailable(logger, OneLine(exception), waitingMessages, maxBackoff.TotalSeconds);
            }
            else
            {
                StreamingLog.WarehouseUnavailable(logger, OneLine(exception), waitingMessages, maxBackoff.TotalSeconds);
            }
        }

        if (giveUpAfter is { } limit && Stopwatch.GetElapsedTime(_failingSince.Value) >= limit)
        {
            return false;
        }

        delay = _backoff.Next();
        return true;
    }

    /// <summary>A try succeeded: the next failure starts a new episode (logged, backoff from the start).</summary>
    public void Succeeded()
    {
        if (_failingSince is { } since)
        {
            if (subject == Subject.SchemaRegistry)
            {
                StreamingLog.RegistryRecovered(logger, Stopwatch.GetElapsedTime(since).TotalSeconds);
            }
            else
            {
                StreamingLog.WarehouseRecovered(logger, Stopwatch.GetElapsedTime(since).TotalSeconds);
            }
        }

        _failingSince = null;
        _backoff = new CappedBackoff(maxBackoff);
    }

    public static string OneLine(Exception ex) => ex.Message.ReplaceLineEndings(" ");
}
