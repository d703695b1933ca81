namespace Facet.Simulation.Generation;

/// <summary>
/// Drives a generator into a sink: stops at a count, a duration or cancellation (then flushes), and paces to a rate
/// with a token bucket on a <see cref="TimeProvider"/>'s clock (messages allowed = rate × elapsed, so pacing never
/// drifts; the loop waits only when the bucket is empty, never per message). Tests pass a virtual clock, so pacing is
/// proved exactly rather than against how busy the machine happens to be.
/// </summary>
public static class GenerationRunner
{
    /// <summary>The most messages a paced run sends at once after a stall (0.1 s worth): keeps bursts short.</summary>
    private const double BurstSeconds = 0.1;

    /// <summary>
    /// Runs on a thread-pool thread until a limit is reached or <paramref name="cancellationToken"/> fires, then flushes
    /// the sink. <paramref name="progress"/> is called about 5 times a second from that thread.
    /// </summary>
    public static Task<GenerationCounts> RunAsync(EventGenerator generator, IEventSink sink, GenerationLimits limits, Action<GenerationCounts>? progress, CancellationToken cancellationToken)
        => RunAsync(generator, sink, limits, progress, TimeProvider.System, cancellationToken);

    /// <inheritdoc cref="RunAsync(EventGenerator, IEventSink, GenerationLimits, Action{GenerationCounts}?, CancellationToken)"/>
    public static Task<GenerationCounts> RunAsync(EventGenerator generator, IEventSink sink, GenerationLimits limits, Action<GenerationCounts>? progress, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(generator);
        ArgumentNullException.ThrowIfNull(sink);
        return Task.Run(
            async () =>
            {
                await Run(() => sink.Write(generator.Next().Payload.Span), limits, progress is null ? null : () => progress(generator.Counts), time, cancellationToken);
                sink.Flush(CancellationToken.None);
                progress?.Invoke(generator.Counts);
                return generator.Counts;
            },
            CancellationToken.None);
    }

    /// <summary>
    /// The same pacing and limits for any message source (the commerce generator writes to one sink per topic):
    /// <paramref name="writeNext"/> generates and writes one message; returns how many were written. The caller flushes.
    /// </summary>
    public static Task<long> RunAsync(Action writeNext, GenerationLimits limits, Action? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(writeNext);
        return Task.Run(() => Run(writeNext, limits, progress, TimeProvider.System, cancellationToken), CancellationToken.None);
    }

    private static async Task<long> Run(Action writeNext, GenerationLimits limits, Action? progress, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        if (limits.RatePerSecond is { } r && !(r > 0))
        {
            throw new ArgumentOutOfRangeException(nameof(limits), $"The rate must be positive (got {r}).");
        }

        var started = time.GetTimestamp();
        var sent = 0L;
        var nextProgress = TimeSpan.FromMilliseconds(200);
        var duration = limits.Duration ?? TimeSpan.MaxValue;
        var count = limits.Count ?? long.MaxValue;
        var rate = limits.RatePerSecond;
        var burst = rate is { } limit ? Math.Max(1, (long)(limit * BurstSeconds)) : 0;
        while (sent < count && !cancellationToken.IsCancellationRequested)
        {
            var elapsed = time.GetElapsedTime(started);
            if (elapsed >= duration)
            {
                break;
            }

            long batch;
            if (rate is { } perSecond)
            {
                var allowed = (long)(perSecond * elapsed.TotalSeconds) + 1 - sent;
                if (allowed <= 0)
                {
                    var wait = TimeSpan.FromSeconds((sent - (perSecond * elapsed.TotalSeconds) + 1) / perSecond);
                    await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait > TimeSpan.FromMilliseconds(50) ? TimeSpan.FromMilliseconds(50) : wait, time, CancellationToken.None);
                    continue;
                }

                batch = Math.Min(allowed, burst);
            }
            else
            {
                batch = 1_024;
            }

            batch = Math.Min(batch, count - sent);
            for (var i = 0; i < batch; i++)
            {
                writeNext();
            }

            sent += batch;
            if (progress is not null && time.GetElapsedTime(started) is var now && now >= nextProgress)
            {
                progress();
                nextProgress = now + TimeSpan.FromMilliseconds(200);
            }
        }

        return sent;
    }
}
