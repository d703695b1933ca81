namespace Facet.Simulation.Tests.Generation;

/// <summary>
/// A clock that moves only when told: by <see cref="Spend"/> (work that takes time) or by a timer, which moves the
/// clock to its due time and fires at once. Pacing code under test then runs as fast as the machine allows while its
/// arithmetic is checked exactly, whatever else the machine is doing.
/// </summary>
internal sealed class VirtualClock : TimeProvider
{
    private long _ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public TimeSpan Now => TimeSpan.FromTicks(Interlocked.Read(ref _ticks));

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Spend(TimeSpan duration) => Interlocked.Add(ref _ticks, duration.Ticks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return new FiredTimer();
        }

        Spend(dueTime);
        // Fired on the pool, never inside CreateTimer: the caller has not stored the timer yet.
        ThreadPool.QueueUserWorkItem(_ => callback(state));
        return new FiredTimer();
    }

    private sealed class FiredTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => false;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
