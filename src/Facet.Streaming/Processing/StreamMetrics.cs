using System.Diagnostics.Metrics;

namespace Facet.Streaming.Processing;

/// <summary>
/// The processor's instruments (System.Diagnostics.Metrics, so any OpenTelemetry exporter or dotnet-counters can
/// read them: meter "Facet.Streaming"), plus running totals for the status line and tests.
/// </summary>
public sealed class StreamMetrics : IDisposable
{
    public const string MeterName = "Facet.Streaming";

    private readonly Meter _meter;
    private readonly Counter<long> _consumed;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _inserted;
    private readonly Counter<long> _rejected;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _bots;
    private readonly Counter<long> _dataLoss;
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<double> _freshness;
    private readonly Lock _lagGate = new();
    private Dictionary<PartitionId, long> _lag = [];

    private long _totalConsumed;
    private long _totalInserted;
    private long _totalRejected;
    private long _totalDuplicates;
    private long _totalBots;
    private long _totalBatches;
    private long _totalDataLoss;
    private long _processTicks;
    private long _writeWaitTicks;

    public StreamMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _consumed = _meter.CreateCounter<long>("facet.messages.consumed", "{message}", "Messages read from the source.");
        _accepted = _meter.CreateCounter<long>("facet.events.accepted", "{event}", "Messages that parsed and validated.");
        _inserted = _meter.CreateCounter<long>("facet.events.inserted", "{event}", "Facts newly inserted into the warehouse.");
        _rejected = _meter.CreateCounter<long>("facet.events.rejected", "{message}", "Messages written to bad_events.");
        _duplicates = _meter.CreateCounter<long>("facet.events.duplicates", "{event}", "Accepted events skipped because their id was already seen.");
        _bots = _meter.CreateCounter<long>("facet.events.bots", "{event}", "Accepted events flagged as bots.");
        _dataLoss = _meter.CreateCounter<long>("facet.messages.lost", "{message}", "Offsets skipped because the broker no longer had them.");
        _batchDuration = _meter.CreateHistogram<double>("facet.batch.duration", "s", "Time from the start of a batch's warehouse write to its commit.");
        _freshness = _meter.CreateHistogram<double>("facet.freshness", "s", "Commit time minus the oldest produce time of a batch.");
        _meter.CreateObservableGauge("facet.consumer.lag", ObserveLag, "{message}", "Messages behind the end of each partition.");
    }

    public long TotalConsumed => Interlocked.Read(ref _totalConsumed);
    public long TotalInserted => Interlocked.Read(ref _totalInserted);
    public long TotalRejected => Interlocked.Read(ref _totalRejected);
    public long TotalDuplicates => Interlocked.Read(ref _totalDuplicates);
    public long TotalBots => Interlocked.Read(ref _totalBots);
    public long TotalBatches => Interlocked.Read(ref _totalBatches);
    public long TotalDataLoss => Interlocked.Read(ref _totalDataLoss);

    /// <summary>Time spent parsing and enriching batches (on the consume loop, overlapping the previous write).</summary>
    public double TotalProcessSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _processTicks)).TotalSeconds;

    /// <summary>Time the consume loop spent waiting for a warehouse write to finish (the pipeline's stall).</summary>
    public double TotalWriteWaitSeconds => TimeSpan.FromTicks(Interlocked.Read(ref _writeWaitTicks)).TotalSeconds;

    /// <summary>The last reported lag summed over this worker's partitions.</summary>
    public long TotalLag
    {
        get
        {
            lock (_lagGate)
            {
                long sum = 0;
                foreach (var value in _lag.Values)
                {
                    sum += value;
                }

                return sum;
            }
        }
    }

    internal void Consumed(int count)
    {
        _consumed.Add(count);
        Interlocked.Add(ref _totalConsumed, count);
    }

    internal void BatchCommitted(int accepted, int inserted, int rejected, int duplicates, int bots, TimeSpan duration, TimeSpan? freshness)
    {
        _accepted.Add(accepted);
        _inserted.Add(inserted);
        _rejected.Add(rejected);
        _duplicates.Add(duplicates);
        _bots.Add(bots);
        _batchDuration.Record(duration.TotalSeconds);
        if (freshness is { } f)
        {
            _freshness.Record(Math.Max(0, f.TotalSeconds));
        }

        Interlocked.Add(ref _totalInserted, inserted);
        Interlocked.Add(ref _totalRejected, rejected);
        Interlocked.Add(ref _totalDuplicates, duplicates);
        Interlocked.Add(ref _totalBots, bots);
        Interlocked.Increment(ref _totalBatches);
    }

    internal void Processed(TimeSpan duration) => Interlocked.Add(ref _processTicks, duration.Ticks);

    internal void WaitedForWrite(TimeSpan duration) => Interlocked.Add(ref _writeWaitTicks, duration.Ticks);

    internal void DataLost(long count)
    {
        _dataLoss.Add(count);
        Interlocked.Add(ref _totalDataLoss, count);
    }

    internal void SetLag(Dictionary<PartitionId, long> lagByPartition)
    {
        lock (_lagGate)
        {
            _lag = lagByPartition;
        }
    }

    private IEnumerable<Measurement<long>> ObserveLag()
    {
        Dictionary<PartitionId, long> snapshot;
        lock (_lagGate)
        {
            snapshot = _lag;
        }

        var measurements = new List<Measurement<long>>(snapshot.Count);
        foreach (var (id, lag) in snapshot)
        {
            measurements.Add(new Measurement<long>(lag, new KeyValuePair<string, object?>("topic", id.Topic), new KeyValuePair<string, object?>("partition", id.Partition)));
        }

        return measurements;
    }

    public void Dispose() => _meter.Dispose();
}
