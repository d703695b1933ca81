namespace Facet.Streaming.Processing;

/// <summary>Retry delays that start at 200 ms and double up to a cap; one instance per run of retries.</summary>
internal struct CappedBackoff(TimeSpan cap)
{
    private TimeSpan _next = TimeSpan.FromMilliseconds(200);

    /// <summary>The delay to wait now; the following one is twice as long, up to the cap.</summary>
    public TimeSpan Next()
    {
        var current = _next;
        _next = TimeSpan.FromTicks(Math.Min(_next.Ticks * 2, cap.Ticks));
        return current;
    }
}
