using System.Diagnostics;
using System.Globalization;
using Facet.Core.Commerce;
using Facet.Core.Enrichment;
using Facet.Dashboard;
using Facet.SchemaRegistry;
using Facet.Storage;
using Facet.Storage.Registry;
using Facet.Storage.Reports;
using Facet.Streaming;
using Facet.Streaming.Avro;
using Facet.Simulation.Embedded;
using Facet.Simulation.Generation;
using Facet.Streaming.Processing;
using Facet.Streaming.Streams;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Demo;

/// <summary>
/// One <c>facet demo</c> run. Starts, in this order: the warehouse (migrated), the dashboard over it and the schema
/// registry over its tables (in this process: a DuckDB file has one writing process), the embedded Kafka with a
/// 6-partition clickstream topic and the seven commerce topics, the stream processor (clickstream + commerce streams,
/// transactions in Avro) and the two generators; prints the dashboard URL and a status line every few seconds; stops
/// in the reverse order of the data flow: generators (their messages acknowledged) → processor (drains what was sent,
/// commits its batch, leaves the group) → dashboard → registry → warehouse → Kafka.
/// </summary>
/// <remarks>
/// The mock cluster is new on every run and numbers its offsets from 0 again, while the warehouse keeps the previous
/// run's checkpoints. Each run therefore consumes as its own consumer group (facet-demo-TIMESTAMP), whose checkpoints
/// start empty; the facts, rollups and dimensions carry over, and each run generates events with fresh ids.
/// </remarks>
internal sealed class DemoSession
{
    private readonly DemoOptions _options;
    private readonly Func<SchemaRegistryConnection?, StreamSet> _createStreams;
    private readonly string? _dataDirectory;
    private readonly TextWriter _output;
    private readonly ILoggerFactory _loggerFactory;
    private readonly Lock _outputGate = new();

    /// <summary>How long the drain waits without a message read before it gives up (see <see cref="StopAsync"/>).</summary>
    private static readonly TimeSpan DrainStall = TimeSpan.FromMilliseconds(500);

    private long _stoppedTimestamp;

    // Set once the processor exists (the dashboard starts first); read by /api/pipeline.
    private volatile ProcessorStatus? _processorStatus;

    /// <param name="createStreams">The streams; with no registry yet, the clickstream alone (loads the enrichment data early).</param>
    public DemoSession(DemoOptions options, Func<SchemaRegistryConnection?, StreamSet> createStreams, string? dataDirectory, TextWriter output, ILoggerFactory loggerFactory)
    {
        _options = options;
        _createStreams = createStreams;
        _dataDirectory = dataDirectory;
        _output = output;
        _loggerFactory = loggerFactory;
    }

    public async Task<int> RunAsync(CancellationToken stopping)
    {
        int code;
        // The parts close after the "stopped in" line, in reverse order of their start, each timed: a slow exit says
        // which part it was.
        var closing = new DemoClosing();
        try
        {
            code = await RunCoreAsync(stopping, closing);
        }
        finally
        {
            await closing.DisposeAsync();
        }

        Write($"closed the warehouse, registry, dashboard and Kafka in {Stopwatch.GetElapsedTime(_stoppedTimestamp).TotalSeconds:0.0} s ({closing.Laps})");
        return code;
    }

    private async Task<int> RunCoreAsync(CancellationToken stopping, DemoClosing closing)
    {
        var clock = Stopwatch.StartNew();
        var runStart = DateTimeOffset.UtcNow;

        // Enrichment data and the generator's IP networks load while the warehouse opens (a few seconds together).
        var streamsTask = Task.Run(() => _createStreams(null), CancellationToken.None);
        var networksTask = Task.Run(LoadNetworks, CancellationToken.None);

        var warehouse = closing.Add("warehouse", await OpenWarehouseAsync(stopping));
        var reports = closing.Add("reports", ReportService.Open(_options.Warehouse, readOnly: false));
        var app = closing.Add("dashboard", await StartDashboardAsync(reports, stopping));
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var registryStore = closing.Add("registry store", SchemaRegistryStore.Open(_options.Warehouse));
        var registry = closing.Add("registry", await SchemaRegistryServer.StartAsync(new SchemaRegistryOptions { Port = 0, Bind = "127.0.0.1" }, registryStore, Settings.CliLogging.ConfigureWebHost, stopping));
        var registryConnection = SchemaRegistryConnection.Parse(registry.Url.ToString());

        var backfill = await PlanBackfillAsync(reports, runStart, stopping);
        await streamsTask;
        var streams = _createStreams(registryConnection);
        var networks = await networksTask;

        var kafka = closing.Add("Kafka", EmbeddedKafkaCluster.Start());
        kafka.CreateTopic(DemoOptions.Topic, DemoOptions.Partitions);
        foreach (var topic in CommerceTopics.All)
        {
            kafka.CreateTopic(topic, DemoOptions.CommercePartitions);
        }

        var group = "facet-demo-" + runStart.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);
        var connection = new KafkaConnectionOptions { BootstrapServers = kafka.BootstrapServers };
        using var metrics = new StreamMetrics();
        var stream = new StreamProcessor(
            connection.ToConsumerConfig(group),
            new StreamProcessorOptions
            {
                GroupId = group,
                StartingOffsets = StartingOffsets.Earliest,
                // Small batches land sooner (the first one reaches the dashboard seconds after the start), and a stop
                // waits for at most one of them: with eight streams, sessions and windows a 5,000-event DuckDB batch
                // took ~5 s on a busy machine, too long for the 10 s stop.
                MaxBatch = 2_000,
                // The demo prints its own status line.
                StatusInterval = TimeSpan.FromDays(1),
                ShutdownFlushTimeout = TimeSpan.FromSeconds(3),
                WorkerId = $"demo-{Environment.ProcessId}",
            },
            warehouse,
            streams,
            metrics,
            _loggerFactory.CreateLogger<StreamProcessor>());
        _processorStatus = stream.Status;
        var firstBatch = 0;
        var firstOrder = 0;
        stream.BatchCommitted += result =>
        {
            if (Interlocked.Exchange(ref firstBatch, 1) == 0)
            {
                Write($"first batch loaded {clock.Elapsed.TotalSeconds:0.0} s after start");
            }

            if (result.Streams.Any(static s => s.Stream == CommerceTopics.Transactions && s.Inserted > 0) && Interlocked.Exchange(ref firstOrder, 1) == 0)
            {
                Write($"first orders loaded {clock.Elapsed.TotalSeconds:0.0} s after start (topic {CommerceTopics.Transactions}, Avro)");
            }
        };

        var sink = closing.Add("clickstream producer", new KafkaEventSink(connection, DemoOptions.Topic));
        var traffic = new DemoTraffic(networks, sink, () => metrics.TotalConsumed, backfill, _options.Rate, runStart.ToUnixTimeMilliseconds());
        var status = new DemoStatus(backfill?.ExpectedEvents);
        var commerce = closing.Add("commerce producers", new DemoCommerce(connection, registryConnection, runStart, Math.Max(DemoOptions.MinCommerceRate, _options.Rate / 20.0), runStart.ToUnixTimeMilliseconds()));

        using var stopProcessor = new CancellationTokenSource();
        using var stopTraffic = new CancellationTokenSource();
        var streamTask = stream.RunAsync(stopProcessor.Token);
        var trafficTask = traffic.RunAsync(stopTraffic.Token);
        var commerceTask = commerce.RunAsync(stopTraffic.Token);

        Write($"kafka={kafka.BootstrapServers} (embedded mock cluster; topic {DemoOptions.Topic}, {DemoOptions.Partitions} partitions, consumer group {group})");
        Write($"commerce: {string.Join(", ", CommerceTopics.All)} (2 partitions each; {CommerceTopics.Transactions} in Avro, the others JSON)");
        Write($"schema-registry={registry.Url.ToString().TrimEnd('/')} (embedded, over the warehouse)");
        Write($"warehouse={_options.Warehouse} (days and hours in {_options.TimeZoneId})");
        Write(backfill is null
            ? "backfill: none (the warehouse already holds today up to a minute ago)"
            : $"backfill: {Describe(backfill)}, ~{backfill.ExpectedEvents:N0} events at a lighter density, then live at {_options.Rate:N0} events/s");
        Write($"dashboard={address}");
        Write(_options.Duration is { } d
            ? $"running for {d.TotalSeconds:0.#} s (Ctrl-C stops sooner); run again to continue with the same warehouse"
            : "Ctrl-C stops the demo; run it again to continue with the same warehouse");

        Exception? failure = null;
        try
        {
            await ReportUntilStoppedAsync(stopping, reports, metrics, traffic, status, streamTask, Task.WhenAll(trafficTask, commerceTask));
        }
        finally
        {
            var stopClock = Stopwatch.StartNew();
            (failure, var steps) = await StopAsync(stopTraffic, trafficTask, sink, commerce, commerceTask, metrics, stopProcessor, streamTask, app);
            Write($"stopped in {stopClock.Elapsed.TotalSeconds:0.0} s ({steps}) after {clock.Elapsed.TotalSeconds:0.0} s: sent {traffic.Produced:N0} clickstream and {commerce.Produced:N0} commerce messages, loaded {metrics.TotalInserted:N0} new events " +
                  $"({metrics.TotalDuplicates:N0} duplicates skipped, {metrics.TotalRejected:N0} rejected, {metrics.TotalBots:N0} from bots) in {metrics.TotalBatches:N0} batches; the warehouse keeps them");
            _stoppedTimestamp = Stopwatch.GetTimestamp();
            if (sink.Failed > 0)
            {
                Write($"warning: Kafka refused {sink.Failed:N0} messages ({sink.FirstError})");
            }

            if (commerce.Failed > 0)
            {
                Write($"warning: Kafka refused {commerce.Failed:N0} commerce messages ({commerce.FirstError})");
            }
        }

        if (failure is not null)
        {
            throw failure;
        }

        return ExitCodes.Ok;
    }

    private CountryNetworks LoadNetworks()
    {
        try
        {
            return CountryNetworks.LoadDefault(_dataDirectory);
        }
        catch (EnrichmentDataException ex)
        {
            throw new UsageException(ex.Message.TrimEnd('.'));
        }
    }

    private async Task<IWarehouse> OpenWarehouseAsync(CancellationToken ct)
    {
        IWarehouse warehouse;
        try
        {
            warehouse = await WarehouseFactory.OpenAsync(_options.Warehouse, _options.WarehouseOptions, _loggerFactory, ct);
        }
        catch (WarehouseSchemaException ex)
        {
            throw new UsageException(ex.Message.TrimEnd('.'));
        }

        try
        {
            await warehouse.MigrateAsync(ct);
            return warehouse;
        }
        catch
        {
            await warehouse.DisposeAsync();
            throw;
        }
    }

    private async Task<WebApplication> StartDashboardAsync(ReportService reports, CancellationToken ct)
    {
        var options = new DashboardOptions
        {
            Bind = "127.0.0.1",
            Port = _options.Port,
            TimeZone = _options.TimeZoneId,
            Cache = _options.Cache,
            WorkerState = () => _processorStatus is { } status ? (status.State.ToString().ToLowerInvariant(), status.Reason) : null,
        };
        var app = DashboardApp.Build(options, reports, Settings.CliLogging.ConfigureWebHost);
        try
        {
            await app.StartAsync(ct);
            return app;
        }
        catch (IOException ex)
        {
            await app.DisposeAsync();
            throw new UsageException($"cannot serve the dashboard on 127.0.0.1:{_options.Port} ({ex.Message.TrimEnd('.')}): choose another port with --port N (0 picks a free one)");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    /// <summary>Where the warehouse's data ends today decides how much of today the demo fills in (see <see cref="DemoBackfill"/>).</summary>
    private async Task<DemoBackfill?> PlanBackfillAsync(ReportService reports, DateTimeOffset now, CancellationToken ct)
    {
        var pipeline = await reports.GetPipelineAsync(ct);
        var newest = pipeline.NewestEventTime;
        var latestDay = await reports.ResolveDayAsync(new ReportOptions { TimeZone = _options.TimeZoneId, IncludeBots = true }, ct);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, _options.TimeZone).DateTime);
        return DemoBackfill.Plan(now, _options.TimeZone, newest, latestDay == today, _options.Rate);
    }

    private async Task ReportUntilStoppedAsync(CancellationToken stopping, ReportService reports, StreamMetrics metrics, DemoTraffic traffic, DemoStatus status, Task streamTask, Task trafficTask)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        if (_options.Duration is { } duration)
        {
            stop.CancelAfter(duration);
        }

        using var timer = new PeriodicTimer(_options.StatusInterval);
        status.Start(metrics);
        while (true)
        {
            var tick = timer.WaitForNextTickAsync(stop.Token).AsTask();
            var done = await Task.WhenAny(tick, streamTask, trafficTask);
            if (done != tick)
            {
                // The processor or the generator ended on its own: only a failure does that; StopAsync reports it.
                return;
            }

            try
            {
                await tick;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            PipelineStatus? pipeline = null;
            try
            {
                pipeline = await reports.GetPipelineAsync(stop.Token);
            }
            catch (ReportWarehouseException)
            {
                // The status line shows freshness as unknown; the processor reports warehouse trouble itself.
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Write(status.Line(metrics, traffic, pipeline));
        }
    }

    /// <summary>
    /// Stops every part, each step bounded; returns the first failure of the processor or the generator, and how long
    /// each step took (printed with "stopped in", so a slow stop says where its time went).
    /// </summary>
    private async Task<(Exception? Failure, string Steps)> StopAsync(
        CancellationTokenSource stopTraffic,
        Task trafficTask,
        KafkaEventSink sink,
        DemoCommerce commerce,
        Task commerceTask,
        StreamMetrics metrics,
        CancellationTokenSource stopProcessor,
        Task<StreamRunSummary> streamTask,
        WebApplication app)
    {
        Exception? failure = null;
        var step = _options.StopStepTimeout;
        var steps = new List<string>(4);
        var lap = Stopwatch.StartNew();
        void Lap(string name)
        {
            steps.Add($"{name} {lap.Elapsed.TotalSeconds:0.0} s");
            lap.Restart();
        }

        // 1. The generators: no new messages; wait for Kafka's acknowledgements of those sent.
        await stopTraffic.CancelAsync();
        failure ??= await ErrorOf(trafficTask);
        failure ??= await ErrorOf(commerceTask);
        using (var flush = new CancellationTokenSource(step))
        {
            sink.Flush(flush.Token);
            commerce.Flush(flush.Token);
        }

        Lap("generators");

        // 2. The processor: read what was sent (bounded), then commit its last batch and leave the group. The wait ends
        // early once reading stalls: a processor that holds as much as it may (a backlog on a busy machine) reads no
        // more until it writes, so waiting longer would only spend the step; what it did not read is not loaded.
        var drain = Stopwatch.StartNew();
        var consumed = metrics.TotalConsumed;
        var lastRead = drain.Elapsed;
        while (!streamTask.IsCompleted && metrics.TotalConsumed < sink.Delivered + commerce.Delivered && drain.Elapsed < step
               && drain.Elapsed - lastRead < DrainStall)
        {
            await Task.Delay(20, CancellationToken.None);
            if (metrics.TotalConsumed != consumed)
            {
                consumed = metrics.TotalConsumed;
                lastRead = drain.Elapsed;
            }
        }

        Lap("drain");
        await stopProcessor.CancelAsync();
        failure ??= await ErrorOf(streamTask);
        Lap("last batch and leaving the group");

        // 3. The dashboard: live streams end on ApplicationStopping; requests in flight get a bounded grace period.
        using (var grace = new CancellationTokenSource(step))
        {
            await app.StopAsync(grace.Token);
        }

        Lap("dashboard");

        // 4. The registry, warehouse, report connections and Kafka are disposed by the caller's using blocks, in reverse order.
        return (failure, string.Join(", ", steps));
    }

    private static async Task<Exception?> ErrorOf(Task task)
    {
        try
        {
            await task;
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private string Describe(DemoBackfill backfill)
    {
        var from = TimeZoneInfo.ConvertTime(backfill.From, _options.TimeZone);
        var to = TimeZoneInfo.ConvertTime(backfill.To, _options.TimeZone);
        return $"{from:yyyy-MM-dd HH:mm} → {to:HH:mm} {_options.TimeZoneId}";
    }

    private void Write(string line)
    {
        lock (_outputGate)
        {
            _output.WriteLine(line);
            _output.Flush();
        }
    }
}
