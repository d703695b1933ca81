using Facet.Storage.Reports;

namespace Facet.Dashboard.Caching;

/// <summary>
/// Reads the warehouse's <see cref="DataVersion"/> for many callers at once. A caller names the moment its request
/// began (<c>notBefore</c>, a <see cref="TimeProvider.GetTimestamp"/> value) and gets a version read by a query that
/// started at or after it, so the version covers every commit the caller could have seen before asking. Callers that
/// arrive while a read is running join the next one, which starts when it ends: at most one read runs at a time and
/// one waits, however many requests come in. The live stream passes its tick time, so all viewers of a tick share one read.
/// </summary>
internal sealed class DataVersionProbe(IReportSource source, TimeProvider time)
{
    private readonly Lock _lock = new();
    private Probe? _latest;
    private Probe? _next;

    /// <summary>How many version queries reached the warehouse (for tests and the benchmark).</summary>
    public long Reads => Interlocked.Read(ref _reads);

    private long _reads;

    public Task<DataVersion> GetAsync(long notBefore, CancellationToken cancellationToken)
    {
        Probe probe;
        lock (_lock)
        {
            if (_latest is { } latest && latest.StartedAt >= notBefore && !latest.Done.Task.IsFaulted)
            {
                probe = latest;
            }
            else if (_latest is { } running && !running.Done.Task.IsCompleted)
            {
                // The running read may have missed a commit this caller saw: wait for the one after it.
                probe = _next ??= new Probe();
            }
            else
            {
                probe = new Probe { StartedAt = time.GetTimestamp() };
                _latest = probe;
                _ = Task.Run(() => RunAsync(probe), CancellationToken.None);
            }
        }

        return probe.Done.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(Probe probe)
    {
        Interlocked.Increment(ref _reads);
        try
        {
            // Shared by every caller of this read: one caller leaving must not cancel it for the others.
            probe.Done.TrySetResult(await source.GetDataVersionAsync(CancellationToken.None));
        }
        catch (Exception ex)
        {
            probe.Done.TrySetException(ex);
        }

        lock (_lock)
        {
            if (_next is { } next)
            {
                _next = null;
                next.StartedAt = time.GetTimestamp();
                _latest = next;
                _ = Task.Run(() => RunAsync(next), CancellationToken.None);
            }
        }
    }

    private sealed class Probe
    {
        public long StartedAt { get; set; }

        public TaskCompletionSource<DataVersion> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
