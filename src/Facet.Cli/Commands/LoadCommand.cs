using System.CommandLine;
using System.Text.Json;
using Facet.Cli.Settings;
using Facet.Cli.Streams;
using Facet.Streaming.Loading;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Facet.Cli.Commands;

/// <summary><c>facet load FILE...</c>: backfill NDJSON files through the same pipeline, checkpointed per file.</summary>
internal static class LoadCommand
{
    public static Command Create(TextWriter output)
    {
        var pipeline = new PipelineCliOptions();
        var files = new Argument<string[]>("FILE") { Description = "NDJSON files (.gz allowed); - for standard input.", Arity = ArgumentArity.OneOrMore };
        var stream = new Option<string>("--stream") { Description = $"The stream the files hold ({string.Join(", ", StreamCatalog.Names)}).", DefaultValueFactory = _ => StreamCatalog.DefaultSelection };
        var maxBatch = CliOptions.PositiveInt("--max-batch", "Lines per warehouse transaction.", FileLoadOptions.DefaultMaxBatch, 1_000_000);
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress bar even on a terminal." };
        var valueFormat = new Option<string>("--value-format")
        {
            Description = "json (NDJSON files, the default) or avro (Avro object container files of a commerce stream, read with its .avsc).",
            DefaultValueFactory = _ => "json",
        };
        var config = SettingsReader.CreateConfigOption();
        var command = new Command("load", "Backfill NDJSON files into the warehouse; each file's position is checkpointed, so loading it again loads nothing twice.")
        {
            files, stream, maxBatch, noProgress, valueFormat, config,
        };
        pipeline.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            // First, so a SIGTERM during start-up (loading the enrichment data, opening the warehouse) stops the
            // command cleanly (exit 0) instead of killing the process.
            using var shutdown = new ShutdownSignal(cancellationToken);
            var settings = SettingsReader.Create(parse, config);
            var paths = parse.GetValue(files) ?? [];
            foreach (var path in paths)
            {
                if (path != "-" && !File.Exists(path))
                {
                    throw new UsageException($"file '{path}' does not exist");
                }
            }

            var avroTopic = settings.Get(valueFormat).Trim().ToLowerInvariant() switch
            {
                "json" => null,
                "avro" when Core.Commerce.CommerceTopics.All.Contains(settings.Get(stream)) => settings.Get(stream),
                "avro" => throw new UsageException($"--value-format avro reads the commerce streams' Avro container files ({string.Join(", ", Core.Commerce.CommerceTopics.All)}); {settings.Get(stream)} files are NDJSON"),
                var other => throw new UsageException($"--value-format must be json or avro (got '{other}')"),
            };
            if (avroTopic is not null)
            {
                foreach (var path in paths.Where(p => p != "-"))
                {
                    // Checked before the warehouse opens: a file that is not an Avro container of that stream is a usage error.
                    try
                    {
                        using var probe = new Facet.Streaming.Avro.Commerce.AvroContainerNdjsonStream(File.OpenRead(path), avroTopic);
                    }
                    catch (InvalidDataException ex)
                    {
                        throw new UsageException($"'{path}' is {ex.Message}");
                    }
                }
            }

            using var loggerFactory = CliLogging.Create(settings.Get(pipeline.LogLevel));
            var definition = pipeline.CreateStreams(settings).One(settings.Get(stream));
            await using var warehouse = await pipeline.OpenWarehouseAsync(settings, loggerFactory, (FileLoadOptions.TrailGatherTime, FileLoadOptions.TrailQueuedEvents), shutdown.Token);
            var loader = new FileLoader(warehouse, definition, new FileLoadOptions { MaxBatch = settings.Get(maxBatch), AvroContainerTopic = avroTopic }, Core.Parsing.ParserOptions.DefaultMaxMessageBytes, loggerFactory.CreateLogger<FileLoader>());
            var interactive = !settings.Get(noProgress) && !Console.IsErrorRedirected && !Console.IsOutputRedirected;
            var results = new List<FileLoadResult>();
            foreach (var path in paths)
            {
                if (interactive)
                {
                    await AnsiConsole.Progress().StartAsync(async context =>
                    {
                        var task = context.AddTask(Path.GetFileName(path), maxValue: 1);
                        var progress = new Progress<FileLoadProgress>(p =>
                        {
                            task.MaxValue = Math.Max(1, p.TotalBytes ?? 1);
                            task.Value = p.TotalBytes is null ? 0 : p.BytesRead;
                            task.Description = $"{Path.GetFileName(path)}: {p.Lines:N0} lines, {p.Inserted:N0} new facts";
                        });
                        results.Add(await loader.LoadAsync(path, progress, shutdown.Token));
                    });
                }
                else
                {
                    results.Add(await loader.LoadAsync(path, null, shutdown.Token));
                }
            }

            foreach (var result in results)
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    file = result.Source,
                    lines = result.Lines,
                    skipped_lines = result.SkippedLines,
                    inserted = result.Inserted,
                    duplicates = result.Duplicates,
                    rejected = result.Rejected,
                    bots = result.Bots,
                }));
            }

            ProcessCostLog.Report(loggerFactory.CreateLogger("Facet.Cli.Load"), "facet load", results.Sum(r => r.Lines));
            return ExitCodes.Ok;
        });
        return command;
    }
}
