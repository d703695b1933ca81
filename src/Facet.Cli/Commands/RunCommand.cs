using System.CommandLine;
using System.Text.Json;
using Facet.Cli.Metrics;
using Facet.Cli.Settings;
using Facet.Cli.Streams;
using Facet.Streaming.Processing;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Commands;

/// <summary><c>facet run</c>: consume the selected streams' topics as a member of a consumer group and load them exactly once into the warehouse.</summary>
internal static class RunCommand
{
    public static Command Create(TextWriter output)
    {
        var kafka = new KafkaCliOptions();
        var pipeline = new PipelineCliOptions();
        var streams = new Option<string>("--streams") { Description = $"Streams to consume, comma-separated ({string.Join(", ", StreamCatalog.Names)}; {StreamCatalog.CommerceAlias} = all commerce streams); their topics are read in one consumer group.", DefaultValueFactory = _ => StreamCatalog.DefaultSelection };
        var topic = new Option<string>("--topic") { Description = "The clickstream's topic.", DefaultValueFactory = _ => StreamCatalog.ClickstreamTopic };
        var group = new Option<string>("--group") { Description = "Consumer group; run more processes with the same group to scale out.", DefaultValueFactory = _ => "facet" };
        var trigger = CliOptions.Duration("--trigger", "A batch closes this long after its first message…", StreamProcessorOptions.DefaultTrigger);
        var maxBatch = CliOptions.PositiveInt("--max-batch", "…or at this many messages, whichever comes first.", StreamProcessorOptions.DefaultMaxBatch, 1_000_000);
        var startingOffsets = new Option<StartingOffsets>("--starting-offsets") { Description = "Where partitions without a warehouse checkpoint start: earliest or latest.", DefaultValueFactory = _ => StartingOffsets.Earliest };
        var stopWhenIdle = CliOptions.OptionalDuration("--stop-when-idle", "Exit 0 after this long with no new message and everything committed.");
        var onDataLoss = new Option<DataLossPolicy>("--on-data-loss") { Description = "When a checkpoint points at offsets the broker deleted: fail, or skip to the oldest available (logged and counted).", DefaultValueFactory = _ => DataLossPolicy.Fail };
        var valueFormat = StreamValueFormats.CreateOption("the selected streams' topics");
        var registry = new SchemaRegistryCliOptions();
        var config = SettingsReader.CreateConfigOption();
        var metricsOptions = new MetricsCliOptions();

        var command = new Command("run", "Consume Kafka in checkpointed micro-batches and load the warehouse exactly once (offsets are committed in the warehouse with the rows).")
        {
            streams, topic, group, trigger, maxBatch, startingOffsets, stopWhenIdle, onDataLoss, valueFormat, config,
        };
        registry.AddTo(command);
        kafka.AddTo(command);
        pipeline.AddTo(command);
        metricsOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // First, so a SIGTERM during start-up (loading the enrichment data, opening the warehouse) stops the
            // command cleanly (exit 0) instead of killing the process.
            using var shutdown = new ShutdownSignal(cancellationToken);
            var settings = SettingsReader.Create(parse, config);
            var connection = kafka.Read(settings);
            var options = new StreamProcessorOptions
            {
                GroupId = settings.Get(group),
                Trigger = settings.Get(trigger),
                MaxBatch = settings.Get(maxBatch),
                StartingOffsets = settings.Get(startingOffsets),
                StopWhenIdle = settings.Get(stopWhenIdle),
                OnDataLoss = settings.Get(onDataLoss),
            };
            using var loggerFactory = CliLogging.Create(settings.Get(pipeline.LogLevel));
            var selected = pipeline.CreateStreams(settings).Select(settings.Get(streams), [settings.Get(topic)], settings.Get(valueFormat), registry.Resolve(parse));
            await using var warehouse = await pipeline.OpenWarehouseAsync(settings, loggerFactory, shutdown.Token);
            using var metrics = new StreamMetrics();
            await using var export = await MetricsExport.StartAsync("facet-run", settings.Get(metricsOptions.Port), [StreamMetrics.MeterName], loggerFactory.CreateLogger<MetricsExport>(), shutdown.Token);
            var stream = new StreamProcessor(connection.ToConsumerConfig(options.GroupId), options, warehouse, selected, metrics, loggerFactory.CreateLogger<StreamProcessor>());
            StreamRunSummary summary;
            try
            {
                summary = await stream.RunAsync(shutdown.Token);
            }
            catch (KafkaConfigurationException ex)
            {
                throw new UsageException(ex.Message);
            }

            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                consumed = summary.Consumed,
                inserted = summary.Inserted,
                duplicates = summary.Duplicates,
                rejected = summary.Rejected,
                batches = summary.Batches,
                data_loss = summary.DataLoss,
            }));
            ProcessCostLog.Report(loggerFactory.CreateLogger("Facet.Cli.Run"), "facet run", summary.Consumed, "message");
            return ExitCodes.Ok;
        });
        return command;
    }
}
