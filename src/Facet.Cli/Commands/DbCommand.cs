using System.CommandLine;
using Facet.Cli.Settings;
using Facet.Storage;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Commands;

/// <summary><c>facet db migrate --warehouse W</c>: applies the warehouse's versioned migrations (idempotent); <c>facet db maintenance</c>.</summary>
internal static class DbCommand
{
    public static Command Create(TextWriter output)
    {
        var warehouse = WarehouseOption();
        var memoryLimit = new Option<string>(PipelineCliOptions.DuckDbMemoryLimitName)
        {
            Description = "DuckDB warehouse: the most memory the migration may use, e.g. 4GB. Its back-fills read every fact, so a loader's 512MB is too small for a large file. Default: 80% of this machine's memory (DuckDB's own default).",
            HelpName = "SIZE",
        };
        var migrate = new Command("migrate", "Create or upgrade the warehouse schema (versioned, idempotent; refuses a newer schema).") { warehouse, memoryLimit };
        migrate.SetAction(async (parse, cancellationToken) =>
        {
            var location = ReadWarehouse(parse, warehouse);
            var limit = parse.GetValue(memoryLimit) ?? MachineMemoryShare();
            // Each migration is logged to stderr before and after it runs: one that rebuilds a table takes a while on a
            // large warehouse, and stdout keeps the one result line.
            using var logs = CliLogging.Create(LogLevel.Information);
            try
            {
                await using var opened = await WarehouseFactory.OpenAsync(location, new WarehouseOptions { DuckDbMemoryLimit = limit }, logs, cancellationToken);
                await opened.MigrateAsync(cancellationToken);
                await output.WriteLineAsync($"warehouse {location} is at schema version {WarehouseFactory.SchemaVersion}");
                return ExitCodes.Ok;
            }
            catch (ArgumentException ex) when (ex.ParamName == nameof(WarehouseOptions.DuckDbMemoryLimit))
            {
                throw new UsageException($"{memoryLimit.Name} must be a size such as 512MB or 4GB (got '{limit}')");
            }
            catch (Exception ex) when (WarehouseErrors.IsWarehouseFailure(ex))
            {
                // One line; the location is already redacted and Npgsql messages carry no password. DuckDB's out-of-memory
                // message lists tuning settings over several lines: the first line and the flag that raises the limit.
                var hint = WarehouseErrors.IsDuckDbOutOfMemory(ex)
                    ? $" (the migration ran with {memoryLimit.Name} {limit}; give it more)"
                    : "";
                // The console logger writes from a queue of its own: flushed first, the failure stays the last line.
                logs.Dispose();
                await Console.Error.WriteLineAsync($"facet: db migrate failed for {location}: {FirstLine(ex.Message)}{hint}");
                return ExitCodes.Failure;
            }
        });

        return new Command("db", "Warehouse administration.") { migrate, DbMaintenanceCommand.Create(output) };
    }

    /// <summary>--warehouse, else FACET_WAREHOUSE, else the default; a bad value is a usage error.</summary>
    internal static WarehouseLocation ReadWarehouse(ParseResult parse, Option<string> warehouse)
    {
        try
        {
            return WarehouseLocation.Parse(
                parse.GetValue(warehouse)
                ?? (Environment.GetEnvironmentVariable("FACET_WAREHOUSE") is { Length: > 0 } value ? value : WarehouseLocation.DefaultValue));
        }
        catch (FormatException ex)
        {
            throw new UsageException($"--warehouse: {ex.Message}");
        }
    }

    internal static Option<string> WarehouseOption() => new("--warehouse")
    {
        Description = "duckdb:PATH, postgres://user:pass@host:port/db or an Npgsql connection string (Host=…). Default: FACET_WAREHOUSE, else duckdb:facet.duckdb. Prefer FACET_WAREHOUSE for passwords.",
        // The default shown in --help is the constant; FACET_WAREHOUSE is read only when the command runs, because a
        // default read from it was printed by --help, password included (issue 12).
        HelpName = "WAREHOUSE",
    };

    /// <summary>80 % of the memory this process may use (the machine's, or its container's), as a DuckDB size.</summary>
    private static string MachineMemoryShare() =>
        $"{Math.Max(512, GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024 * 1024) * 8 / 10)}MB";

    internal static string FirstLine(string message)
    {
        var newline = message.IndexOf('\n', StringComparison.Ordinal);
        return (newline < 0 ? message : message[..newline]).Trim();
    }
}
