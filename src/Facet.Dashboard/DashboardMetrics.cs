using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using Facet.Storage.Reports;

namespace Facet.Dashboard;

/// <summary>
/// Counters behind <c>/metrics</c> (Prometheus text format 0.0.4): requests, report latency, live clients. The same
/// events also go to the meter <see cref="DashboardApp.MeterName"/>, which <c>--metrics-port</c> and OTLP export.
/// </summary>
internal sealed class DashboardMetrics : IDisposable
{
    private static readonly double[] Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    private readonly ConcurrentDictionary<string, long> _requests = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Histogram> _queries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _warehouseReads = new(StringComparer.Ordinal);
    private long _errors;
    private long _liveClients;
    private long _liveMessages;
    private readonly Meter _meter = new(DashboardApp.MeterName);
    private readonly Counter<long> _requestsCounter;
    private readonly Counter<long> _errorsCounter;
    private readonly Histogram<double> _queryDuration;
    private readonly Counter<long> _warehouseReadsCounter;

    public DashboardMetrics()
    {
        _requestsCounter = _meter.CreateCounter<long>("facet.dashboard.requests", "{request}", "Dashboard HTTP API requests by endpoint.");
        _errorsCounter = _meter.CreateCounter<long>("facet.dashboard.errors", "{request}", "Dashboard API requests that failed (bad options or warehouse unavailable).");
        _queryDuration = _meter.CreateHistogram("facet.report.query.duration", "s", "Time to compute one report from the warehouse.", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _warehouseReadsCounter = _meter.CreateCounter<long>("facet.dashboard.warehouse.reads", "{read}", "Calls that reached the warehouse past the report cache, by kind.");
        _meter.CreateObservableGauge("facet.dashboard.live.clients", () => Interlocked.Read(ref _liveClients), "{client}", "Browsers connected to /api/live.");
    }

    public void Request(string endpoint)
    {
        _requests.AddOrUpdate(endpoint, 1, static (_, n) => n + 1);
        _requestsCounter.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint));
    }

    /// <summary>Time of one report computed from the warehouse (cache hits are not observed).</summary>
    public void Query(string report, TimeSpan elapsed)
    {
        _queries.GetOrAdd(report, static _ => new Histogram()).Observe(elapsed.TotalSeconds);
        _queryDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("report", report));
    }

    /// <summary>One call that reached the warehouse past the report cache: report, kpis, pipeline, version or check.</summary>
    public void WarehouseRead(string what)
    {
        _warehouseReads.AddOrUpdate(what, 1, static (_, n) => n + 1);
        _warehouseReadsCounter.Add(1, new KeyValuePair<string, object?>("read", what));
    }

    public long WarehouseReads(string what) => _warehouseReads.GetValueOrDefault(what);

    public void Error()
    {
        Interlocked.Increment(ref _errors);
        _errorsCounter.Add(1);
    }

    public void LiveClientConnected() => Interlocked.Increment(ref _liveClients);

    public void LiveClientLeft() => Interlocked.Decrement(ref _liveClients);

    public void LiveMessage() => Interlocked.Increment(ref _liveMessages);

    public string Render(PipelineStatus? pipeline)
    {
        var text = new StringBuilder();
        text.Append("# HELP facet_dashboard_requests_total Dashboard HTTP API requests by endpoint.\n# TYPE facet_dashboard_requests_total counter\n");
        foreach (var (endpoint, count) in _requests.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"facet_dashboard_requests_total{{endpoint=\"{endpoint}\"}} {count}\n");
        }

        text.Append("# HELP facet_dashboard_errors_total Dashboard API requests that failed (bad options or warehouse unavailable).\n# TYPE facet_dashboard_errors_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"facet_dashboard_errors_total {Interlocked.Read(ref _errors)}\n");
        text.Append("# HELP facet_report_query_seconds Time to compute one report from the warehouse.\n# TYPE facet_report_query_seconds histogram\n");
        foreach (var (report, histogram) in _queries.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            histogram.Render(text, report);
        }

        text.Append("# HELP facet_dashboard_warehouse_reads_total Calls that reached the warehouse past the report cache, by kind.\n# TYPE facet_dashboard_warehouse_reads_total counter\n");
        foreach (var (what, count) in _warehouseReads.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            text.Append(CultureInfo.InvariantCulture, $"facet_dashboard_warehouse_reads_total{{read=\"{what}\"}} {count}\n");
        }

        text.Append("# HELP facet_live_clients Browsers connected to /api/live.\n# TYPE facet_live_clients gauge\n");
        text.Append(CultureInfo.InvariantCulture, $"facet_live_clients {Interlocked.Read(ref _liveClients)}\n");
        text.Append("# HELP facet_live_messages_total Snapshots pushed over /api/live.\n# TYPE facet_live_messages_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"facet_live_messages_total {Interlocked.Read(ref _liveMessages)}\n");
        if (pipeline is not null)
        {
            Gauge(text, "facet_pipeline_events_per_second", "Events consumed per second over the last minute (pipeline_batches).", pipeline.EventsPerSecond);
            Gauge(text, "facet_pipeline_active_workers", "Workers that committed a batch in the last minute.", pipeline.ActiveWorkers);
            if (pipeline.ConsumerLag is { } lag)
            {
                Gauge(text, "facet_pipeline_consumer_lag", "Kafka consumer lag reported by the latest batches, summed over workers.", lag);
            }

            if (pipeline.FreshnessSeconds is { } freshness)
            {
                Gauge(text, "facet_pipeline_freshness_seconds", "Seconds since the newest loaded event's time.", freshness);
            }
        }

        return text.ToString();
    }

    public void Dispose() => _meter.Dispose();

    private static void Gauge(StringBuilder text, string name, string help, double value) =>
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");

    private sealed class Histogram
    {
        private readonly Lock _gate = new();
        private readonly long[] _counts = new long[Buckets.Length];
        private long _count;
        private double _sum;

        public void Observe(double seconds)
        {
            lock (_gate)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    if (seconds <= Buckets[i])
                    {
                        _counts[i]++;
                    }
                }

                _count++;
                _sum += seconds;
            }
        }

        public void Render(StringBuilder text, string report)
        {
            lock (_gate)
            {
                for (var i = 0; i < Buckets.Length; i++)
                {
                    text.Append(CultureInfo.InvariantCulture, $"facet_report_query_seconds_bucket{{report=\"{report}\",le=\"{Buckets[i]}\"}} {_counts[i]}\n");
                }

                text.Append(CultureInfo.InvariantCulture, $"facet_report_query_seconds_bucket{{report=\"{report}\",le=\"+Inf\"}} {_count}\n");
                text.Append(CultureInfo.InvariantCulture, $"facet_report_query_seconds_sum{{report=\"{report}\"}} {_sum}\n");
                text.Append(CultureInfo.InvariantCulture, $"facet_report_query_seconds_count{{report=\"{report}\"}} {_count}\n");
            }
        }
    }
}
