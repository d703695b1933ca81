using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Facet.Storage.Internal;

/// <summary>
/// The trailing transactions of one warehouse (<see cref="DerivedWrite"/>, <see cref="WarehouseOptions.TrailDerivedWrites"/>):
/// committed batches' derived writes queue here, and trails write them one after another, each in as few transactions
/// as <see cref="DerivedWrite.Merge"/> allows.
/// </summary>
/// <remarks>
/// Chained: every committed batch adds a link, which waits for the one before it and never faults; a link takes every
/// batch queued when it starts (none, when the link before it took its batch). One that fails leaves its batches pending
/// and sets <see cref="RecoveryDue"/>, as a process that stopped does for the next one, and the links after it leave
/// theirs pending too, so that the recovery writes them all in batch order — what a trail writes (the session late
/// bound above all) depends on the trails before it.
/// Issue 22: at small batches (<c>facet run</c> at a 200 ms trigger) the session and funnel steps read and write every
/// device a batch touched, so a trail gathers its batches first: it begins once the queue is full — batches wait while
/// <see cref="MaxQueuedBatches"/> or <see cref="WarehouseOptions.TrailQueuedEvents"/> are queued, so they never run far ahead of their
/// derived rows nor hold many batches' events in memory (a queued event is a <see cref="DerivedEvent"/>, not its
/// batch's prepared event) — or the oldest has waited <see cref="WarehouseOptions.TrailGatherTime"/>, or a caller waits
/// for every trail (a flush, a migration, closing). A saturated <c>facet run</c> (batches of ~25,000) gathers six per
/// trail, the queue's bound: when trails began at 20,000 events each took one, mostly, and PostgreSQL spent 9–15 % more
/// CPU reading and rewriting the devices consecutive batches share; at a 1 s gather time two, and 15 % more again; at
/// four (100,000 events, 2 s) 7 % more (BENCHMARKS.md). <c>facet load</c> does not wait (its 60,000-line batch is a trail's worth;
/// FileLoadOptions.TrailGatherTime says why).
/// </remarks>
internal sealed class DerivedTrail(Func<CancellationToken, Task<BatchTransaction>> begin, WarehouseOptions options, ILogger logger)
{
    private const int MaxAttempts = 3;
    private const int MaxQueuedBatches = 8;

    private readonly Lock _lock = new();
    private Task _last = Task.CompletedTask;

    // Committed batches' writes no trail has taken yet, in batch order, with their count, events and first one's time.
    private List<DerivedWrite> _queued = [];
    private int _queuedBatches;
    private long _queuedEvents;
    private long _queuedSince;

    // Completed (and replaced) when a trail takes the queue: batches waiting for room look again.
    private TaskCompletionSource _taken = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Completed (and replaced) when a gathering trail should look again: the queue grew, or a caller waits for every
    // trail (_hurry > 0), which must not wait out the gathering.
    private TaskCompletionSource _wake = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _hurry;
    private volatile bool _recoveryDue = true;
    private int _transactions;
    private int _batches;
    private long _ticks;

    /// <summary>
    /// Batches may be pending for this process to recover: at its first write (a process before it may have stopped
    /// between a batch's two commits) and after a trailing transaction failed.
    /// </summary>
    public bool RecoveryDue
    {
        get => _recoveryDue;
        set => _recoveryDue = value;
    }

    /// <summary>Under the write gate, after a batch committed: its derived writes, for a trail to take.</summary>
    public void Add(List<DerivedWrite> derived)
    {
        lock (_lock)
        {
            if (_queued.Count == 0)
            {
                _queuedSince = Stopwatch.GetTimestamp();
            }

            _queued.AddRange(derived);
            _queuedBatches++;
            _queuedEvents += derived.Sum(d => (long)d.EventCount);
            Wake();
        }

        var previous = _last;
        _last = Task.Run(() => TrailAsync(previous));
    }

    /// <summary>Under the write gate, before a batch write: waits while too many batches are queued.</summary>
    public async Task WaitForRoomAsync()
    {
        while (true)
        {
            Task taken;
            lock (_lock)
            {
                if (_queuedBatches < MaxQueuedBatches && _queuedEvents < options.TrailQueuedEvents)
                {
                    return;
                }

                taken = _taken.Task;
            }

            await taken;
        }
    }

    /// <summary>Waits for every trailing transaction started so far, cutting their gathering short.</summary>
    public async Task AwaitAllAsync(CancellationToken ct)
    {
        Interlocked.Increment(ref _hurry);
        lock (_lock)
        {
            Wake();
        }

        try
        {
            await _last.WaitAsync(ct);
        }
        finally
        {
            Interlocked.Decrement(ref _hurry);
        }
    }

    /// <summary>At close: how many transactions wrote how many batches, in how much wall time (Debug).</summary>
    public void LogSummary()
    {
        if (_transactions > 0)
        {
            Log.TrailSteps(logger, _transactions, _batches, Stopwatch.GetElapsedTime(0, _ticks).TotalSeconds);
        }
    }

    /// <summary>
    /// Once the trail before it has finished and its batches are gathered: the derived rows of every batch queued, each
    /// merged write in a transaction of its own. Never throws: a failure leaves its batches and the rest pending for the
    /// recovery the next write (or a flush) runs.
    /// </summary>
    private async Task TrailAsync(Task previous)
    {
        await previous;
        await GatherAsync();
        List<DerivedWrite> taken;
        TaskCompletionSource signal;
        int batches;
        lock (_lock)
        {
            if (_queued.Count == 0)
            {
                return;
            }

            (taken, _queued) = (_queued, []);
            batches = _queuedBatches;
            (_queuedBatches, _queuedEvents) = (0, 0);
            (signal, _taken) = (_taken, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        signal.SetResult();
        if (_recoveryDue)
        {
            // A trail before this one failed: the batches stay pending, for the recovery to write after that one's.
            return;
        }

        var started = Stopwatch.GetTimestamp();
        foreach (var write in DerivedWrite.Merge(taken, options.SessionLateBound))
        {
            if (!await WriteAsync(write))
            {
                break;
            }
        }

        _batches += batches;
        _ticks += Stopwatch.GetTimestamp() - started;
    }

    /// <summary>Waits until the queue is full (batches wait for room), or its oldest batch is old enough, or a caller waits for them.</summary>
    private async Task GatherAsync()
    {
        while (true)
        {
            Task wake;
            TimeSpan left;
            lock (_lock)
            {
                left = options.TrailGatherTime - Stopwatch.GetElapsedTime(_queuedSince);
                if (_queued.Count == 0 || Volatile.Read(ref _hurry) > 0 || left <= TimeSpan.Zero
                    || _queuedEvents >= options.TrailQueuedEvents || _queuedBatches >= MaxQueuedBatches)
                {
                    return;
                }

                wake = _wake.Task;
            }

            await Task.WhenAny(wake, Task.Delay(left));
        }
    }

    /// <summary>Under the lock: a gathering trail looks at the queue again.</summary>
    private void Wake()
    {
        _wake.TrySetResult();
        _wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One trailing transaction; false when it failed (its batches and the later ones then stay pending).</summary>
    private async Task<bool> WriteAsync(DerivedWrite write)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                options.BeforeTrailBegin?.Invoke();
                await using (var transaction = await begin(CancellationToken.None))
                {
                    var claimed = await write.WriteAsync(transaction, options, CancellationToken.None);
                    if (claimed == 0 || claimed == write.Batches)
                    {
                        options.BeforeTrailCommit?.Invoke();
                        await transaction.CommitAsync(CancellationToken.None);
                        _transactions++;
                        return true;
                    }
                }

                // A recovery in another process took some of the batches (this one rolled back, having written
                // nothing): each batch alone, as its own trail would have, the taken ones then finding nothing to claim.
                foreach (var part in write.Parts)
                {
                    if (!await WriteAsync(part))
                    {
                        return false;
                    }
                }

                return true;
            }
            catch (Exception ex) when (attempt < MaxAttempts && WarehouseErrors.IsConcurrencyConflict(ex))
            {
                Log.Retrying(logger, ex.Message, attempt + 1);
            }
            catch (Exception ex)
            {
                _recoveryDue = true;
                Log.TrailFailed(logger, ex);
                return false;
            }
        }
    }
}
