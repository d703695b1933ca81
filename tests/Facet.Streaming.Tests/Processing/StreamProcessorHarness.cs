using Confluent.Kafka;
using Facet.Core.Enrichment;
using Facet.Core.Parsing;
using Facet.Storage;
using Facet.Core.Streams;
using Facet.Streaming.Processing;
using Facet.Streaming.Streams;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Facet.Streaming.Tests.Processing;

/// <summary>Runs a <see cref="StreamProcessor"/> in-process against a real warehouse and the embedded Kafka.</summary>
internal sealed class StreamProcessorHarness : IAsyncDisposable
{
    internal static readonly Lazy<EventEnricher> SharedEnricher = new(() => EventEnricher.Create(new EnrichmentOptions()));

    private readonly CancellationTokenSource _stop = new();

    private StreamProcessorHarness(IWarehouse warehouse, StreamProcessor processor, StreamMetrics metrics)
    {
        Warehouse = warehouse;
        Processor = processor;
        Metrics = metrics;
    }

    public IWarehouse Warehouse { get; }
    public StreamProcessor Processor { get; }
    public StreamMetrics Metrics { get; }
    public Task<StreamRunSummary>? Run { get; private set; }

    /// <summary>The clickstream stream reading <paramref name="topic"/>, with the shared enricher.</summary>
    public static StreamSet CreateClickstream(string topic = "product_view") =>
        new([new StreamDefinition<EnrichedEvent>(StreamNames.Clickstream, [topic], new ClickstreamDecoder(new EventParser(new ParserOptions()), SharedEnricher.Value), static e => e.IsBot)]);

    /// <param name="wrap">Wraps the real warehouse (fault injection around it); null: used as is.</param>
    /// <param name="trigger">How long a batch stays open; default 200 ms.</param>
    /// <param name="streams">The streams to consume; null: the clickstream on <paramref name="topic"/>.</param>
    /// <param name="shutdownFlushTimeout">How long a stop may take to write its last batch; null: the processor's default.</param>
    public static async Task<StreamProcessorHarness> StartAsync(string warehouse, string bootstrap, string topic, string group, TimeSpan? stopWhenIdle, ILogger<StreamProcessor>? logger = null, int maxBatch = 2000, DataLossPolicy onDataLoss = DataLossPolicy.Fail, Func<IWarehouse, IWarehouse>? wrap = null, TimeSpan? trigger = null, StreamSet? streams = null, TimeSpan? shutdownFlushTimeout = null)
    {
        var real = await WarehouseFactory.OpenAsync(WarehouseLocation.Parse(warehouse), new WarehouseOptions(), NullLoggerFactory.Instance, CancellationToken.None);
        await real.MigrateAsync(CancellationToken.None);
        var store = wrap is null ? real : wrap(real);
        var metrics = new StreamMetrics();
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            // Short timeouts so members that leave or die free their partitions quickly in tests.
            SessionTimeoutMs = 6000,
            HeartbeatIntervalMs = 500,
        };
        var options = new StreamProcessorOptions
        {
            GroupId = group,
            Trigger = trigger ?? TimeSpan.FromMilliseconds(200),
            MaxBatch = maxBatch,
            StopWhenIdle = stopWhenIdle,
            MaxRetryBackoff = TimeSpan.FromSeconds(1),
            OnDataLoss = onDataLoss,
            ShutdownFlushTimeout = shutdownFlushTimeout ?? new StreamProcessorOptions().ShutdownFlushTimeout,
        };
        var processor = new StreamProcessor(config, options, store, streams ?? CreateClickstream(topic), metrics, logger ?? NullLogger<StreamProcessor>.Instance);
        var harness = new StreamProcessorHarness(store, processor, metrics);
        harness.Run = processor.RunAsync(harness._stop.Token);
        return harness;
    }

    public async Task<StreamRunSummary> StopAsync()
    {
        await _stop.CancelAsync();
        return await Run!.WaitAsync(TimeSpan.FromSeconds(60));
    }

    public async ValueTask DisposeAsync()
    {
        if (Run is { IsCompleted: false })
        {
            await _stop.CancelAsync();
            try
            {
                await Run.WaitAsync(TimeSpan.FromSeconds(60));
            }
            catch (OperationCanceledException)
            {
            }
        }

        await Warehouse.DisposeAsync();
        Metrics.Dispose();
        _stop.Dispose();
    }
}
