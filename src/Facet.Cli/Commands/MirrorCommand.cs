using System.CommandLine;
using System.Globalization;
using Confluent.Kafka;
using Facet.Streaming.Mirror;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet mirror</c>: copies a topic to another topic or cluster byte for byte, committing source offsets only after
/// the destination acknowledged the messages (docs/mirror.md). SIGINT/SIGTERM: finish the batch, commit, leave, exit 0.
/// </summary>
internal static class MirrorCommand
{
    public static Command Create(TextWriter output)
    {
        var from = new MirrorEndpointFlags("from", "source");
        var to = new MirrorEndpointFlags("to", "destination");
        var group = new Option<string>("--group") { Description = "Consumer group on the source cluster; its committed offsets are the mirror's progress.", DefaultValueFactory = _ => "facet-mirror" };
        var stopWhenIdle = new Option<string?>("--stop-when-idle") { Description = "Exit 0 after this long with nothing new and everything committed, e.g. 10s (for backfills and tests).", HelpName = "DURATION" };
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
        to.AddTo(command);
        command.Options.Add(group);
        command.Options.Add(stopWhenIdle);
        command.Options.Add(maxBatch);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var options = new TopicMirrorOptions
            {
                Source = from.Build(parse),
                SourceTopic = parse.GetValue(from.Topic)!,
                Destination = to.Build(parse),
                DestinationTopic = parse.GetValue(to.Topic)!,
                GroupId = parse.GetValue(group) is { Length: > 0 } g ? g : throw new UsageException("--group must not be empty."),
                MaxBatchMessages = parse.GetValue(maxBatch),
                StopWhenIdle = parse.GetValue(stopWhenIdle) is { } idle ? ParseDuration(idle, "--stop-when-idle") : null,
            };

            using var loggers = LoggerFactory.Create(logging => logging
                .AddSimpleConsole(console =>
                {
                    console.SingleLine = true;
                    console.TimestampFormat = "HH:mm:ss ";
                })
                .AddFilter((_, level) => level >= LogLevel.Information)
                .Services.Configure<ConsoleLoggerOptions>(console => console.LogToStandardErrorThreshold = LogLevel.Trace)); // stdout keeps the result line
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

    /// <summary>"500ms", "10s", "2m", "1h" or "hh:mm:ss".</summary>
    private static TimeSpan ParseDuration(string text, string option)
    {
        var span = text.Trim();
        (string Suffix, double Milliseconds)[] units = [("ms", 1), ("s", 1000), ("m", 60_000), ("h", 3_600_000)];
        foreach (var (suffix, milliseconds) in units)
        {
            if (span.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(span[..^suffix.Length], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value >= 0)
            {
                return TimeSpan.FromMilliseconds(value * milliseconds);
            }
        }

        return TimeSpan.TryParse(span, CultureInfo.InvariantCulture, out var duration) && duration >= TimeSpan.Zero
            ? duration
            : throw new UsageException($"{option} takes a duration like 500ms, 10s, 5m or 1h (got '{text}').");
    }
}
