using System.CommandLine;
using System.Text.Json;
using Facet.Cli.Settings;
using Facet.Core.Commerce.Csv;
using Facet.Streaming.Loading;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet import csv --dataset commerce DIR|FILE…</c>: Shape B's CSV files into the commerce star schema through
/// the entity streams' decoders and writers, checkpointed per file in the same transaction as the rows (docs/import.md).
/// </summary>
internal static class ImportCommand
{
    public static Command Create(TextWriter output)
    {
        var import = new Command("import", "Bulk-import files into the warehouse.");
        import.Subcommands.Add(CreateCsv(output));
        return import;
    }

    private static Command CreateCsv(TextWriter output)
    {
        var pipeline = new PipelineCliOptions();
        var paths = new Argument<string[]>("DIR|FILE") { Description = "CSV files, or folders whose *.csv files are imported (each file's entity is told by its header).", Arity = ArgumentArity.OneOrMore };
        var dataset = new Option<string>("--dataset") { Description = "What the files hold: commerce (Shape B's customer, product, transactions and click_stream files).", Required = true };
        var maxBatch = CliOptions.PositiveInt("--max-batch", "Rows per warehouse transaction.", 50_000, 1_000_000);
        var noProgress = new Option<bool>("--no-progress") { Description = "No progress bar even when stderr is a terminal." };
        var config = SettingsReader.CreateConfigOption();
        var command = new Command("csv", "Import CSV files (Shape B's four, or what facet generate --format csv writes) into the commerce star schema; each file is checkpointed, so importing it again loads nothing.")
        {
            paths, dataset, maxBatch, noProgress, config,
        };
        pipeline.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var shutdown = new ShutdownSignal(cancellationToken);
            var settings = SettingsReader.Create(parse, config);
            if (settings.Get(dataset) is not "commerce")
            {
                throw new UsageException($"--dataset must be commerce (got '{settings.Get(dataset)}')");
            }

            var files = Expand(parse.GetValue(paths) ?? [], Console.Error);
            var options = new CsvImportOptions { MaxBatch = settings.Get(maxBatch) };

            // Every header is checked before the warehouse is opened; dimensions go first so facts find their members.
            var ordered = files.Select(f => (Path: f, Kind: KindOf(f, options))).OrderBy(f => f.Kind).ThenBy(f => f.Path, StringComparer.Ordinal).Select(f => f.Path).ToList();
            using var loggerFactory = CliLogging.Create(settings.Get(pipeline.LogLevel));
            await using var warehouse = await pipeline.OpenWarehouseAsync(settings, loggerFactory, shutdown.Token);
            var importer = new CommerceCsvImporter(warehouse, options, loggerFactory.CreateLogger<CommerceCsvImporter>());
            var interactive = !settings.Get(noProgress) && !Console.IsErrorRedirected;
            foreach (var path in ordered)
            {
                var result = interactive ? await ImportWithProgressAsync(importer, path, shutdown.Token) : await importer.ImportAsync(path, null, shutdown.Token);
                if (result.AlreadyImported)
                {
                    await Console.Error.WriteLineAsync($"facet: {path} was imported before (same path, size and content): nothing loaded");
                }

                await output.WriteLineAsync(JsonSerializer.Serialize(new
                {
                    file = result.Source,
                    stream = result.Stream,
                    already_imported = result.AlreadyImported,
                    resumed_at_line = result.ResumedAtLine,
                    rows = result.Rows,
                    inserted = result.Inserted,
                    duplicates = result.Duplicates,
                    rejected = result.Rejected,
                }));
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Folders become their *.csv files (the .avsc and .ndjson beside them are not CSV); a missing path is a usage error.</summary>
    private static List<string> Expand(IEnumerable<string> paths, TextWriter error)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var csv = Directory.GetFiles(path, "*.csv").Order(StringComparer.Ordinal).ToList();
                if (csv.Count == 0)
                {
                    throw new UsageException($"folder '{path}' holds no *.csv file: name the files to import");
                }

                files.AddRange(csv);
                if (Directory.GetFiles(path, "*.ndjson").Length > 0)
                {
                    error.WriteLine($"facet: the .ndjson files in '{path}' are not CSV: load them with facet load --stream NAME");
                }
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new UsageException($"'{path}' is neither a file nor a folder");
            }
        }

        return files.Distinct(StringComparer.Ordinal).ToList();
    }

    private static CommerceCsvKind KindOf(string path, CsvImportOptions options)
    {
        try
        {
            return CommerceCsvImporter.KindOf(path, options);
        }
        catch (CommerceCsvException ex)
        {
            throw new UsageException(ex.Message.TrimEnd('.'));
        }
    }

    private static async Task<CsvImportResult> ImportWithProgressAsync(CommerceCsvImporter importer, string path, CancellationToken ct)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Path.GetFileName(path), maxValue: 1);
                var progress = new Progress<FileLoadProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.TotalBytes ?? 1);
                    task.Value = p.BytesRead;
                    task.Description = $"{Path.GetFileName(path)}: {p.Lines:N0} rows, {p.Inserted:N0} new";
                });
                return await importer.ImportAsync(path, progress, ct);
            });
    }
}
