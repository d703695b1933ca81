using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using Facet.Cli.Metrics;
using Facet.Streaming.Mirror;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet mirror</c>: copies a topic to another topic or cluster byte for byte, committing source offsets only after
/// the destination acknowledged the messages (docs/mirror.md). SIGINT/SIGTERM: finish the batch, commit, leave, exit 0.
/// </summary>
internal static class MirrorCommand
{
    public static Command Create(TextWriter output)
    {
        var from = new KafkaCliOptions("from-", "--from", "FACET_MIRROR_FROM_SASL_PASSWORD", "Bootstrap servers of the source cluster (host:port[,host:port…]).");
        var to = new KafkaCliOptions("to-", "--to", "FACET_MIRROR_TO_SASL_PASSWORD", "Bootstrap servers of the destination cluster (host:port[,host:port…]).");
        var fromTopic = new Option<string>("--from-topic") { Description = "The source topic.", Required = true, HelpName = "TOPIC" };
        var toTopic = new Option<string>("--to-topic") { Description = "The destination topic.", Required = true, HelpName = "TOPIC" };
        var group = new Option<string>("--group") { Description = "Consumer group on the source cluster; its committed offsets are the mirror's progress.", DefaultValueFactory = _ => "facet-mirror" };
        var stopWhenIdle = Settings.CliOptions.OptionalDuration("--stop-when-idle", "Exit 0 after this long with nothing new and everything committed, e.g. 10s (for backfills and tests).");
        var maxBatch = new Option<int>("--max-batch") { Description = "Messages per batch: source offsets are committed once per batch, after every message in it was acknowledged.", DefaultValueFactory = _ => 10_000 };
        maxBatch.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1_000_000)
            {
                r.AddError($"--max-batch must be between 1 and 1000000 (got {r.GetValueOrDefault<int>()}).");
            }
        });

        var command = new Command("mirror", "Copy a Kafka topic to another topic or cluster byte for byte (key, value, headers, timestamp), committing source offsets only after the destination acknowledged every message.");
        from.AddTo(command);
        command.Options.Add(fromTopic);
        to.AddTo(command);
        command.Options.Add(toTopic);
        command.Options.Add(group);
        command.Options.Add(stopWhenIdle);
        command.Options.Add(maxBatch);
        var metricsOptions = new MetricsCliOptions();
        metricsOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new TopicMirrorOptions
            {
                Source = from.Read(parse).ToClientConfig(),
                SourceTopic = parse.GetValue(fromTopic)!,
                Destination = to.Read(parse).ToClientConfig(),
                DestinationTopic = parse.GetValue(toTopic)!,
                GroupId = parse.GetValue(group) is { Length: > 0 } g ? g : throw new UsageException("--group must not be empty."),
                MaxBatchMessages = parse.GetValue(maxBatch),
                StopWhenIdle = parse.GetValue(stopWhenIdle),
            };

            using var loggers = Settings.CliLogging.Create(LogLevel.Information);
            TopicMirror mirror;
            try
            {
                mirror = new TopicMirror(options, loggers.CreateLogger<TopicMirror>());
            }
            catch (ArgumentException ex)
            {
                throw new UsageException(ex.Message);
            }

            using var shutdown = new ShutdownSignal(cancellationToken);
            using var mirrorMetrics = new MirrorMetrics(mirror);
            await using var export = await MetricsExport.StartAsync("facet-mirror", parse.GetValue(metricsOptions.Port), [MirrorMetrics.MeterName], loggers.CreateLogger<MetricsExport>(), shutdown.Token);
            MirrorResult result;
            try
            {
                result = await mirror.RunAsync(shutdown.Token);
            }
            catch (Exception ex) when (ex is InvalidOperationException or KafkaException)
            {
                await Console.Error.WriteLineAsync($"facet: mirror failed: {ex.Message}");
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"mirrored {result.MessagesCopied} messages in {result.BatchesCommitted} committed batches ({(result.StopReason == MirrorStopReason.Idle ? "idle" : "stopped")})"));
            return ExitCodes.Ok;
        });
        return command;
    }
}
