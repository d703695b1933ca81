using Facet.Simulation.Generation;

namespace Facet.Cli.Demo;

/// <summary>
/// The demo's shoppers: first the backfill (<see cref="DemoBackfill"/>) as fast as the processor takes it, then the
/// live stream paced by event time — an event is sent once the wall clock reaches its time, so events are "now" and
/// freshness means what it says. The live generator starts at <c>--rate</c> events per second and then follows the
/// generator's day-night curve.
/// </summary>
/// <remarks>
/// Back-pressure: the mock broker keeps only ~5 MB per partition and drops older messages, so the producer never gets
/// more than <see cref="MaxInFlight"/> messages ahead of what the processor has consumed (~2 MB per partition).
/// </remarks>
internal sealed class DemoTraffic
{
    /// <summary>Messages sent but not yet consumed, at most.</summary>
    public const int MaxInFlight = 15_000;

    /// <summary>Seed of the product catalog, shared by every run so products (and their charts) carry over.</summary>
    public const long CatalogSeed = 1;

    private const int Chunk = 500;
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    private readonly CountryNetworks _networks;
    private readonly IEventSink _sink;
    private readonly Func<long> _consumed;
    private readonly DemoBackfill? _backfill;
    private readonly double _rate;
    private readonly long _seed;
    private readonly TimeProvider _time;
    private long _produced;
    private long _backfilled;
    private int _live;

    /// <param name="consumed">Messages the processor has consumed so far (for back-pressure).</param>
    /// <param name="seed">Seed of this run (the backfill uses it, the live stream seed + 1): distinct event ids per run.</param>
    public DemoTraffic(CountryNetworks networks, IEventSink sink, Func<long> consumed, DemoBackfill? backfill, double rate, long seed, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(networks);
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(consumed);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        _networks = networks;
        _sink = sink;
        _consumed = consumed;
        _backfill = backfill;
        _rate = rate;
        _seed = seed;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Messages handed to the sink so far.</summary>
    public long Produced => Volatile.Read(ref _produced);

    /// <summary>Messages of the backfill sent so far.</summary>
    public long Backfilled => Volatile.Read(ref _backfilled);

    /// <summary>True once the backfill is done and the live stream runs.</summary>
    public bool IsLive => Volatile.Read(ref _live) == 1;

    /// <summary>Sends until <paramref name="stoppingToken"/> fires; the caller flushes the sink afterwards.</summary>
    public Task RunAsync(CancellationToken stoppingToken) =>
        // Producing is a tight loop: it gets a thread of its own instead of holding a pool thread.
        Task.Factory.StartNew(() => LoopAsync(stoppingToken), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();

    private async Task LoopAsync(CancellationToken stoppingToken)
    {
        var liveStart = _time.GetUtcNow();
        if (_backfill is { } plan)
        {
            var history = NewGenerator(_seed, plan.From, plan.EventsPerSecond);
            while (history.SimulatedTime < plan.To)
            {
                if (!await WaitForRoomAsync(stoppingToken))
                {
                    return;
                }

                for (var i = 0; i < Chunk && history.SimulatedTime < plan.To; i++)
                {
                    Send(history);
                    Volatile.Write(ref _backfilled, _backfilled + 1);
                }
            }

            // The live stream continues where the backfill ended (catching up the seconds the backfill took).
            liveStart = plan.To;
        }

        Volatile.Write(ref _live, 1);
        var live = NewGenerator(_seed + 1, liveStart, _rate / EventGenerator.TrafficIntensity(liveStart));
        while (await WaitForRoomAsync(stoppingToken))
        {
            var now = _time.GetUtcNow();
            var sent = 0;
            while (sent < Chunk && live.SimulatedTime < now)
            {
                Send(live);
                sent++;
            }

            if (sent == 0)
            {
                try
                {
                    await Task.Delay(Tick, _time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private EventGenerator NewGenerator(long seed, DateTimeOffset start, double eventsPerSecond) => new(
        new GeneratorOptions
        {
            Seed = seed,
            CatalogSeed = CatalogSeed,
            Start = start,
            EventsPerSecond = eventsPerSecond,
            Duplicates = 0.01,
            Malformed = 0.001,
        },
        _networks);

    private void Send(EventGenerator generator)
    {
        _sink.Write(generator.Next().Payload.Span);
        Volatile.Write(ref _produced, _produced + 1);
    }

    /// <summary>Waits while the processor is more than <see cref="MaxInFlight"/> behind; false when stopping.</summary>
    private async Task<bool> WaitForRoomAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            if (Produced - _consumed() < MaxInFlight)
            {
                return true;
            }

            try
            {
                await Task.Delay(Tick, _time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
        }

        return false;
    }
}
