using System.Diagnostics;
using Facet.Storage;

namespace Facet.Streaming.Processing;

/// <summary>
/// At most one warehouse write in flight, on a pool thread, so the caller prepares batch N+1 while batch N is written
/// (<c>facet run</c> and <c>facet load</c> alike). A transiently failed write is retried through the shared
/// <see cref="WarehouseRetry"/>. A write is cancelled only at a stop deadline (<see cref="CancelAt"/>); a commit happens
/// whole or not at all, so a cancelled write leaves nothing behind but its messages, re-read from the checkpoint.
/// </summary>
internal sealed class WritePipeline(IWarehouse warehouse, WarehouseRetry retry)
{
    private InFlight? _inFlight;
    private long? _cancelAt;

    public bool IsBusy => _inFlight is not null;

    /// <summary>True when a write is in flight and has finished (committed or failed): <see cref="FinishAsync"/> will not wait.</summary>
    public bool IsCompleted => _inFlight is { Task.IsCompleted: true };

    public int InFlightMessages => _inFlight?.Write.Messages ?? 0;

    public WarehouseRetry Retry => retry;

    public void Start(PendingWrite write)
    {
        ArgumentNullException.ThrowIfNull(write);
        if (_inFlight is not null)
        {
            throw new InvalidOperationException("a write is already in flight: finish it first (one write at a time keeps checkpoint guards final)");
        }

        var started = Stopwatch.GetTimestamp();
        var cancel = new CancellationTokenSource();
        _inFlight = new InFlight(write, Task.Run(() => warehouse.WriteBatchAsync(write.Batch, cancel.Token)), started, cancel);
        ApplyDeadline();
    }

    /// <summary>
    /// <see cref="Start"/>, then continues the caller on a fresh stack: what the caller does next (read, decode the next
    /// batch) no longer runs inside the finished write's completion.
    /// </summary>
    /// <remarks>
    /// Why (issue 22): a caller that awaited <see cref="FinishAsync"/> resumes synchronously on the thread that completed
    /// the write, under the write's own async frames and the finish's state machines, which still reference the committed
    /// batch. A loader that then read and decoded its next batch there — seconds of work before its next await yielded —
    /// kept three batches alive instead of two (a heap dump of `facet load` mid-decode: 113,903 live events at 40,000 per
    /// batch, the third rooted only in those frames), and the GC carried the dead batch's objects into each collection.
    /// </remarks>
    public async Task StartAsync(PendingWrite write)
    {
        Start(write);
        await Task.Yield();
    }

    /// <summary>Waits until the write in flight (if any) ends or <paramref name="wake"/> is cancelled; never throws.</summary>
    public async Task WaitAsync(CancellationToken wake)
    {
        if (_inFlight is { } write)
        {
            // Its failure is harvested by FinishAsync; here only the waiting matters.
            await ((Task)write.Task).WaitAsync(wake).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <summary>
    /// From now on, the write in flight and every write started later are cancelled (their transactions rolled back)
    /// once <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp) passes: a stop with a deadline keeps it
    /// even when a batch's write takes longer on a busy machine.
    /// </summary>
    public void CancelAt(long deadline)
    {
        _cancelAt = deadline;
        ApplyDeadline();
    }

    private void ApplyDeadline()
    {
        if (_cancelAt is { } at && _inFlight is { } write)
        {
            var remaining = at - Stopwatch.GetTimestamp();
            write.Cancel.CancelAfter(remaining <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
        }
    }

    /// <summary>
    /// Waits for the write in flight (none: returns null). While the warehouse is down it waits through
    /// <paramref name="waitWhileUnavailable"/> (the caller keeps its source alive there) and writes again what
    /// <paramref name="rebuild"/> returns (null: nothing left to write). Gives up after <paramref name="giveUpAfter"/>
    /// of failures, or at once when <paramref name="deadline"/> (a <see cref="Stopwatch"/> timestamp) has passed.
    /// </summary>
    public async Task<WriteOutcome?> FinishAsync(
        Func<TimeSpan, Task> waitWhileUnavailable,
        Func<PendingWrite, PendingWrite?> rebuild,
        int waitingBesides = 0,
        TimeSpan? giveUpAfter = null,
        long? deadline = null)
    {
        while (_inFlight is { } write)
        {
            try
            {
                var result = await write.Task;
                _inFlight = null;
                retry.Succeeded();
                return new WriteOutcome(WriteOutcomeKind.Committed, write.Write, result, null, Stopwatch.GetElapsedTime(write.Started));
            }
            catch (Exception ex) when (write.Cancel.IsCancellationRequested)
            {
                // Whatever the cancel surfaced as (OperationCanceledException, a driver's wrapped error): the
                // transaction did not commit, or committed as the cancel arrived; the stored checkpoint tells which.
                _inFlight = null;
                return new WriteOutcome(WriteOutcomeKind.Cancelled, write.Write, null, ex, Stopwatch.GetElapsedTime(write.Started));
            }
            catch (CheckpointConflictException ex)
            {
                _inFlight = null;
                return new WriteOutcome(WriteOutcomeKind.CheckpointConflict, write.Write, null, ex, Stopwatch.GetElapsedTime(write.Started));
            }
            catch (Exception ex) when (WarehouseErrors.IsTransient(ex))
            {
                _inFlight = null;
                var pastDeadline = deadline is { } d && Stopwatch.GetTimestamp() >= d;
                if (pastDeadline || !retry.ShouldRetry(ex, write.Write.Messages + waitingBesides, giveUpAfter, out var delay))
                {
                    return new WriteOutcome(WriteOutcomeKind.GaveUp, write.Write, null, ex, Stopwatch.GetElapsedTime(write.Started));
                }

                await waitWhileUnavailable(delay);
                if (rebuild(write.Write) is { } again)
                {
                    Start(again);
                }
            }
            catch
            {
                _inFlight = null;
                throw;
            }
        }

        return null;
    }

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the write in flight on the calling thread (a rebalance handler must
    /// finish it before the partitions move); returns its result when it committed, else null (the loop sees a failure later).
    /// </summary>
    public (PendingWrite Write, BatchWriteResult Result, TimeSpan Duration)? TryFinishNow(TimeSpan timeout)
    {
        if (_inFlight is not { } write)
        {
            return null;
        }

        try
        {
            write.Task.Wait(timeout);
        }
        catch (AggregateException)
        {
            // Failed: the loop harvests the failure through FinishAsync and retries what is still owned.
        }

        if (!write.Task.IsCompletedSuccessfully)
        {
            return null;
        }

        _inFlight = null;
        retry.Succeeded();
        return (write.Write, write.Task.Result, Stopwatch.GetElapsedTime(write.Started));
    }

    // The token source is not disposed: CancelAfter's timer may still fire after the write ended, and an undisposed
    // source holds nothing but that timer.
    private sealed record InFlight(PendingWrite Write, Task<BatchWriteResult> Task, long Started, CancellationTokenSource Cancel);
}
