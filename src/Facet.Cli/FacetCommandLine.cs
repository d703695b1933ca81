using System.CommandLine;
using Facet.Cli.Commands;
using Facet.Cli.Settings;
using Facet.Storage;

namespace Facet.Cli;

/// <summary>The <c>facet</c> command tree, built in one place, and the one place that maps failures to exit codes.</summary>
internal static class FacetCommandLine
{
    public static RootCommand Build(TextWriter output)
    {
        var root = new RootCommand("Facet: real-time e-commerce analytics — Kafka → exactly-once star schema → reports and a live dashboard.");
        root.Subcommands.Add(DemoCommand.Create(output));
        root.Subcommands.Add(KafkaCommand.Create(output));
        root.Subcommands.Add(RunCommand.Create(output));
        root.Subcommands.Add(LoadCommand.Create(output));
        root.Subcommands.Add(ImportCommand.Create(output));
        root.Subcommands.Add(ValidateCommand.Create(output));
        root.Subcommands.Add(MirrorCommand.Create(output));
        root.Subcommands.Add(GenerateCommand.Create(output));
        root.Subcommands.Add(InspectCommand.Create(output));
        root.Subcommands.Add(DbCommand.Create(output));
        root.Subcommands.Add(ReportCommand.Create(output));
        root.Subcommands.Add(WindowsCommand.Create(output));
        root.Subcommands.Add(CacheCommand.Create(output));
        root.Subcommands.Add(ExportCommand.Create(output));
        root.Subcommands.Add(DashboardCommand.Create(output));
        root.Subcommands.Add(SchemaRegistryCommand.Create(output));
        root.Subcommands.Add(ScheduleCommand.Create(output));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var root = Build(output);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            // One line naming the fix, not a wall of help.
            await error.WriteLineAsync($"facet: {parse.Errors[0].Message} (see 'facet {string.Join(' ', CommandPath(parse))} --help')");
            return ExitCodes.Usage;
        }

        try
        {
            var configuration = new InvocationConfiguration
            {
                Output = output,
                Error = error,
                EnableDefaultExceptionHandler = false,
                // Commands handle SIGINT/SIGTERM themselves (ShutdownSignal) to finish their work first.
                ProcessTerminationTimeout = null,
            };
            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (UsageException ex)
        {
            await error.WriteLineAsync($"facet: {ex.Message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException)
        {
            // SIGINT/SIGTERM: the command already finished or abandoned its unit of work cleanly.
            return ExitCodes.Ok;
        }
        catch (Exception ex) when (Environment.GetEnvironmentVariable("FACET_DEBUG") is not "1")
        {
            // One line, no stack trace (set FACET_DEBUG=1 for one).
            await error.WriteLineAsync($"facet: {FailureLine(ex, parse)}");
            return ExitCodes.Failure;
        }
    }

    /// <summary>
    /// The failure as one line. DuckDB's out-of-memory message goes on over several lines about its own SET statements;
    /// what a user changes is the command's flag, so the line names that instead.
    /// </summary>
    private static string FailureLine(Exception ex, ParseResult parse)
    {
        if (!WarehouseErrors.IsDuckDbOutOfMemory(ex))
        {
            return ex.Message.ReplaceLineEndings(" ");
        }

        var limit = parse.CommandResult.Command.Options.FirstOrDefault(o => o.Name == PipelineCliOptions.DuckDbMemoryLimitName);
        return $"{DbCommand.FirstLine(ex.Message)}: DuckDB's buffer pool is full"
            + (limit is null
                ? ""
                : $"; raise {limit.Name} (default {WarehouseOptions.DefaultDuckDbMemoryLimit}; also {SettingsReader.EnvironmentPrefix}{SettingsReader.KeyOf(limit).ToUpperInvariant()})");
    }

    private static IEnumerable<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var symbol = parse.CommandResult; symbol is not null; symbol = symbol.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (symbol.Command is not RootCommand)
            {
                names.Push(symbol.Command.Name);
            }
        }

        return names;
    }
}
