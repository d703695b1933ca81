using System.Diagnostics.Metrics;

namespace Facet.Streaming.Mirror;

/// <summary>
/// The mirror's instruments (meter "Facet.Mirror"), observed from the mirror's own thread-safe totals, so the copy loop
/// pays nothing for them.
/// </summary>
public sealed class MirrorMetrics : IDisposable
{
    public const string MeterName = "Facet.Mirror";

    private readonly Meter _meter = new(MeterName);

    public MirrorMetrics(TopicMirror mirror)
    {
        ArgumentNullException.ThrowIfNull(mirror);
        _meter.CreateObservableCounter("facet.mirror.messages.copied", () => mirror.MessagesCopied, "{message}", "Messages acknowledged by the destination whose source offsets are committed.");
        _meter.CreateObservableCounter("facet.mirror.batches.committed", () => mirror.BatchesCommitted, "{batch}", "Batches whose source offsets were committed.");
        _meter.CreateObservableGauge("facet.mirror.destination.available", () => mirror.DeliveryFailing ? 0 : 1, "1", "1 while the destination accepts deliveries, 0 while a batch is retried.");
    }

    public void Dispose() => _meter.Dispose();
}
