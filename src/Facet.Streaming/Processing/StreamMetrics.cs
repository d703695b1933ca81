using System.Diagnostics.Metrics;
using Facet.Core.Events;

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
    private readonly Counter<long> _rejectedByReason;
    private readonly Counter<long> _batches;
    private readonly Histogram<double> _batchDuration;
    private readonly Histogram<double> _freshness;
    private volatile int _kafkaAvailable = 1;
    private volatile int _warehouseAvailable = 1;
    private volatile int _state;
    private long _latestFreshnessBits = BitConverter.DoubleToInt64Bits(double.NaN);
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
        _rejectedByReason = _meter.CreateCounter<long>("facet.rejects", "{message}", "Rejected messages of committed batches by topic and reason code (bad_events).");
        _batches = _meter.CreateCounter<long>("facet.batches.committed", "{batch}", "Batches committed to the warehouse.");
        // Seconds, not the SDK's millisecond-shaped default buckets (0, 5, 10, 25 …), which would put every batch in one.
        _batchDuration = _meter.CreateHistogram("facet.batch.duration", "s", "Time from the start of a batch's warehouse write to its commit.", advice: SecondsBuckets);
        _freshness = _meter.CreateHistogram("facet.freshness", "s", "Commit time minus the oldest produce time of a batch.", advice: SecondsBuckets);
        _meter.CreateObservableGauge("facet.consumer.lag", ObserveLag, "{message}", "Messages behind the end of each partition.");
        _meter.CreateObservableGauge("facet.freshness.latest", ObserveLatestFreshness, "s", "Freshness of the last committed batch (absent before the first).");
        _meter.CreateObservableGauge("facet.kafka.available", () => _kafkaAvailable, "1", "1 while Kafka answers, 0 while no broker is reachable.");
        _meter.CreateObservableGauge("facet.warehouse.available", () => _warehouseAvailable, "1", "1 while warehouse writes and checkpoint reads succeed, 0 while they are retried.");
        _meter.CreateObservableGauge("facet.processor.state", ObserveState, "1", "1 for the processor's current state (starting, running, paused, draining, stopped, failed), 0 for the others.");
    }

    private static readonly InstrumentAdvice<double> SecondsBuckets = new()
    {
        HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    };

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
        _batches.Add(1);
        _batchDuration.Record(duration.TotalSeconds);
        if (freshness is { } f)
        {
            _freshness.Record(Math.Max(0, f.TotalSeconds));
            Interlocked.Exchange(ref _latestFreshnessBits, BitConverter.DoubleToInt64Bits(Math.Max(0, f.TotalSeconds)));
        }

        Interlocked.Add(ref _totalInserted, inserted);
        Interlocked.Add(ref _totalRejected, rejected);
        Interlocked.Add(ref _totalDuplicates, duplicates);
        Interlocked.Add(ref _totalBots, bots);
        Interlocked.Increment(ref _totalBatches);
    }

    /// <summary>One committed batch's rejections (what went to bad_events), counted by topic and reason code.</summary>
    internal void Rejected(IReadOnlyList<Rejection> rejections)
    {
        if (rejections.Count == 0)
        {
            return;
        }

        foreach (var group in rejections.GroupBy(r => (Topic: r.Position.Source, r.Code)))
        {
            _rejectedByReason.Add(group.Count(), new KeyValuePair<string, object?>("topic", group.Key.Topic), new KeyValuePair<string, object?>("reason", group.Key.Code));
        }
    }

    internal void KafkaAvailable(bool available) => _kafkaAvailable = available ? 1 : 0;

    internal void WarehouseAvailable(bool available) => _warehouseAvailable = available ? 1 : 0;

    internal void StateChanged(ProcessorState state) => _state = (int)state;

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

    private IEnumerable<Measurement<double>> ObserveLatestFreshness()
    {
        var latest = BitConverter.Int64BitsToDouble(Interlocked.Read(ref _latestFreshnessBits));
        return double.IsNaN(latest) ? [] : [new Measurement<double>(latest)];
    }

    private IEnumerable<Measurement<int>> ObserveState()
    {
        var current = _state;
        foreach (var state in Enum.GetValues<ProcessorState>())
        {
            yield return new Measurement<int>((int)state == current ? 1 : 0, new KeyValuePair<string, object?>("state", state.ToString().ToLowerInvariant()));
        }
    }

    public void Dispose() => _meter.Dispose();
}
