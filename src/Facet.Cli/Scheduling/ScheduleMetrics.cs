using System.Diagnostics.Metrics;

namespace Facet.Cli.Scheduling;

/// <summary>The scheduler's instruments (meter "Facet.Schedule"): finished tries and runs by state, lease ownership, warehouse state.</summary>
internal sealed class ScheduleMetrics : IDisposable
{
    public const string MeterName = "Facet.Schedule";

    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _tries;
    private readonly Histogram<double> _taskDuration;
    private readonly Counter<long> _runs;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, bool> _leases = new(StringComparer.Ordinal);
    private volatile int _warehouseAvailable = 1;

    public ScheduleMetrics()
    {
        _tries = _meter.CreateCounter<long>("facet.schedule.task.tries", "{try}", "Finished task tries by DAG, task and state (success, failed, up_for_retry, skipped).");
        _taskDuration = _meter.CreateHistogram("facet.schedule.task.duration", "s", "Duration of a finished task try, by DAG.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 60, 300, 900, 1800, 3600, 7200] });
        _runs = _meter.CreateCounter<long>("facet.schedule.runs", "{run}", "Finished DAG runs by DAG and state (success, failed).");
        _meter.CreateObservableGauge("facet.schedule.lease.held", ObserveLeases, "1", "1 for each DAG whose lease this scheduler holds, 0 for one another scheduler holds.");
        _meter.CreateObservableGauge("facet.schedule.warehouse.available", () => _warehouseAvailable, "1", "1 while the scheduler's last look at the warehouse succeeded.");
    }

    public void TaskFinished(string dag, string task, string state, TimeSpan duration)
    {
        _tries.Add(1, new KeyValuePair<string, object?>("dag", dag), new KeyValuePair<string, object?>("task", task), new KeyValuePair<string, object?>("state", state));
        _taskDuration.Record(duration.TotalSeconds, new KeyValuePair<string, object?>("dag", dag));
    }

    public void RunFinished(string dag, string state) =>
        _runs.Add(1, new KeyValuePair<string, object?>("dag", dag), new KeyValuePair<string, object?>("state", state));

    public void Lease(string dag, bool held)
    {
        lock (_gate)
        {
            _leases[dag] = held;
        }
    }

    public void WarehouseAvailable(bool available) => _warehouseAvailable = available ? 1 : 0;

    private IEnumerable<Measurement<int>> ObserveLeases()
    {
        lock (_gate)
        {
            return [.. _leases.Select(p => new Measurement<int>(p.Value ? 1 : 0, new KeyValuePair<string, object?>("dag", p.Key)))];
        }
    }

    public void Dispose() => _meter.Dispose();
}
