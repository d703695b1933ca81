using System.CommandLine;
using Facet.Cli.Demo;
using Facet.Cli.Metrics;
using Facet.Cli.Settings;
using Facet.Cli.Streams;
using Facet.Dashboard;
using Facet.Streaming.Processing;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet demo</c>: the whole pipeline in one process — embedded Kafka, the event generator, the stream processor
/// into the warehouse and the dashboard — until Ctrl-C or <c>--duration</c>. Flags only: FACET_… variables and config
/// files are ignored, so a FACET_WAREHOUSE meant for production never receives demo data.
/// </summary>
internal static class DemoCommand
{
    public const string DefaultWarehouse = "duckdb:facet-demo.duckdb";

    public static Command Create(TextWriter output)
    {
        var pipeline = new PipelineCliOptions(DefaultWarehouse, LogLevel.Warning);
        var rate = CliOptions.PositiveInt("--rate", "Events per second of the live stream when it starts (it then follows a day-night curve).", 2_000, 100_000);
        var duration = CliOptions.OptionalDuration("--duration", "Stop after this long (e.g. 90s, 10m); default: until Ctrl-C.");
        var port = new Option<int>("--port") { Description = "Dashboard port on 127.0.0.1 (0 picks a free one).", DefaultValueFactory = _ => 5080 };
        port.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<int>();
            if (value is < 0 or > 65535)
            {
                result.AddError($"--port must be between 0 and 65535 (got {value})");
            }
        });

        var cache = CacheFlag.Create();
        var command = new Command("demo", "Run the whole pipeline embedded: Kafka mock cluster, clickstream and commerce generators (transactions in Avro through the embedded schema registry), stream processor into the warehouse (default " + DefaultWarehouse + "), and the dashboard on http://127.0.0.1:5080.")
        {
            rate, duration, port, cache,
        };
        pipeline.AddTo(command);
        var metricsOptions = new MetricsCliOptions();
        metricsOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var settings = SettingsReader.CommandLineOnly(parse);
            var location = PipelineCliOptions.ParseWarehouse(settings.Get(pipeline.Warehouse));
            var timeZone = settings.Get(pipeline.TimeZone);
            var options = new DemoOptions
            {
                Rate = settings.Get(rate),
                Duration = settings.Get(duration),
                Port = settings.Get(port),
                Cache = settings.Get(cache),
                Warehouse = location,
                TimeZone = CliOptions.ResolveTimeZone(timeZone),
                TimeZoneId = timeZone,
                // A stop is interactive: the DuckDB file's log is replayed by the next open instead of written at the close.
                WarehouseOptions = pipeline.ReadWarehouseOptions(settings, checkpointOnClose: false),
            };

            using var loggerFactory = CliLogging.Create(settings.Get(pipeline.LogLevel));
            using var shutdown = new ShutdownSignal(cancellationToken);
            // Started first: the provider picks up the processor's and the dashboard's meters when they are created.
            await using var export = await MetricsExport.StartAsync("facet-demo", settings.Get(metricsOptions.Port), [StreamMetrics.MeterName, DashboardApp.MeterName], loggerFactory.CreateLogger<MetricsExport>(), shutdown.Token);
            // One catalog: the clickstream alone first (loading the enrichment data while the warehouse opens), then
            // every stream once the embedded registry listens (the enricher is loaded once and shared).
            var catalog = pipeline.CreateStreams(settings);
            var demo = new DemoSession(
                options,
                registry => registry is null
                    ? catalog.Select(StreamCatalog.DefaultSelection, [DemoOptions.Topic])
                    : catalog.Select(DemoOptions.Streams, [DemoOptions.Topic], DemoCommerce.ValueFormats, registry),
                settings.Get(pipeline.DataDirectory),
                output,
                loggerFactory);
            return await demo.RunAsync(shutdown.Token);
        });
        return command;
    }
}
