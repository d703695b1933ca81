using System.Diagnostics;
using System.Globalization;
using Facet.Storage.Reports;
using Facet.Streaming.Processing;

namespace Facet.Cli.Demo;

/// <summary>
/// The demo's one-line status: messages per second into the pipeline since the last line, consumer lag, freshness
/// (now − the newest event time loaded, as the dashboard's pipeline panel shows it) and this run's totals.
/// </summary>
internal sealed class DemoStatus(long? backfillEvents)
{
    private long _lastConsumed;
    private long _lastTimestamp;

    public void Start(StreamMetrics metrics)
    {
        _lastConsumed = metrics.TotalConsumed;
        _lastTimestamp = Stopwatch.GetTimestamp();
    }

    public string Line(StreamMetrics metrics, DemoTraffic traffic, PipelineStatus? pipeline)
    {
        var consumed = metrics.TotalConsumed;
        var seconds = Stopwatch.GetElapsedTime(_lastTimestamp).TotalSeconds;
        var perSecond = (consumed - _lastConsumed) / Math.Max(0.001, seconds);
        _lastConsumed = consumed;
        _lastTimestamp = Stopwatch.GetTimestamp();

        var phase = traffic.IsLive ? "live" : $"backfill {traffic.Backfilled:N0}/~{backfillEvents:N0}";
        var freshness = pipeline?.FreshnessSeconds is { } f ? Freshness(f) : "–";
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTime.Now:HH:mm:ss} {phase} | {perSecond,7:N0} events/s | lag {metrics.TotalLag:N0} | freshness {freshness} | " +
            $"loaded {metrics.TotalInserted:N0} (duplicates {metrics.TotalDuplicates:N0}, rejected {metrics.TotalRejected:N0}, bots {metrics.TotalBots:N0}) in {metrics.TotalBatches:N0} batches");
    }

    /// <summary>"0.8 s", "4 m 05 s", "3 h 12 m": seconds while live, hours while a backfill catches up.</summary>
    public static string Freshness(double seconds) => seconds switch
    {
        < 60 => string.Create(CultureInfo.InvariantCulture, $"{seconds:0.0} s"),
        < 3_600 => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 60)} m {(int)(seconds % 60):00} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{(int)(seconds / 3_600)} h {(int)(seconds % 3_600 / 60):00} m"),
    };
}
