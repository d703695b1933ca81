using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using System.Text;
using DuckDB.NET.Data;
using Facet.Storage.Internal;
using Facet.Storage.Postgres;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Facet.Storage.Maintenance;

/// <summary>
/// Housekeeping a long-lived warehouse needs (issue 20's <c>db maintenance</c> task kind): fact partitions ahead and
/// old-partition retention where the warehouse partitions (PostgreSQL, with the funnel progress of the dropped days),
/// the funnel progress of devices deferred batches queued, retention of the operational tables
/// (bad_events, pipeline_batches, scheduler history) on both backends, and fresh statistics. Each step is idempotent,
/// so a retried or repeated pass is harmless. SQL per dialect in Sql/Maintenance/.
/// </summary>
public static class WarehouseMaintenance
{
    private static readonly ConcurrentDictionary<(string Dialect, string Name), string> SqlCache = new();

    /// <exception cref="WarehouseSchemaException">The warehouse is not migrated to this version.</exception>
    public static async Task<MaintenanceResult> RunAsync(WarehouseLocation location, MaintenanceOptions options, ILoggerFactory? loggerFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(options);
        var postgres = location.Kind == WarehouseKind.Postgres;
        if (options.FactRetentionDays is not null && !postgres)
        {
            throw new ArgumentException("fact retention drops daily partitions, and only a PostgreSQL warehouse is partitioned", nameof(options));
        }

        var now = options.TimeProvider.GetUtcNow().UtcDateTime;
        var before = postgres ? await ListPartitionsAsync(location, ct) : [];
        // The warehouse checks its schema on first use (a read of checkpoints here) and then, on PostgreSQL, creates the
        // partitions from today to today + PartitionsAheadDays that are missing: the writer's own code, so the two
        // never disagree. An unmigrated warehouse stops here with WarehouseSchemaException naming facet db migrate.
        long funnelDevices;
        await using (var warehouse = await WarehouseFactory.OpenAsync(location, new WarehouseOptions { PartitionsAheadDays = options.PartitionsAheadDays, TimeProvider = options.TimeProvider }, loggerFactory, ct))
        {
            await warehouse.ReadCheckpointsAsync("facet-maintenance", "-", ct);
            // Devices queued by deferred batches get their funnel progress here, by the writer's own code; until the
            // queue is empty the funnel report reads the facts.
            funnelDevices = await ((WarehouseBase)warehouse).ComputeQueuedFunnelProgressAsync(ct);
        }

        var created = postgres ? (await ListPartitionsAsync(location, ct)).Except(before).Count() : 0;
        await using var connection = await OpenAsync(location, ct);
        var dialect = postgres ? "Postgres" : "DuckDb";
        var dropped = new List<string>();
        long funnelRowsDeleted = 0;
        if (options.FactRetentionDays is { } factDays)
        {
            var oldestKept = DateOnly.FromDateTime(now).AddDays(-factDays);
            foreach (var day in (await ListPartitionsAsync(location, ct)).Where(d => d < oldestKept).Order())
            {
                // The name comes from a date, never from input text (PostgresSql.PartitionName).
                await using var drop = connection.CreateCommand();
                drop.CommandText = "DROP TABLE IF EXISTS " + PostgresSql.PartitionName(day);
                await drop.ExecuteNonQueryAsync(ct);
                dropped.Add(PostgresSql.PartitionName(day));
            }

            // Funnel progress is kept per device and entry like the facts it is computed from, and goes with them. A
            // partition holds a reporting-time-zone day, so the rows go a day behind it: every kept day keeps its rows in
            // any zone.
            var progressCutoff = oldestKept.AddDays(-1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
            funnelRowsDeleted = await ExecuteAsync(connection, null, dialect, "funnel_progress", progressCutoff, ct);
        }

        long badEvents = 0, batches = 0, runs = 0, tasks = 0;
        if (options.RetentionDays is { } days)
        {
            var cutoff = now.AddDays(-days);
            // DuckDB's scheduler columns are TIMESTAMP holding UTC (ScheduleStore); its other columns and all of
            // PostgreSQL's are timestamptz, written from UTC DateTimes.
            var scheduleCutoff = postgres ? cutoff : DateTime.SpecifyKind(cutoff, DateTimeKind.Unspecified);
            await using var transaction = await connection.BeginTransactionAsync(ct);
            badEvents = await ExecuteAsync(connection, transaction, dialect, "bad_events", cutoff, ct);
            batches = await ExecuteAsync(connection, transaction, dialect, "pipeline_batches", cutoff, ct);
            tasks = await ExecuteAsync(connection, transaction, dialect, "task_instances", scheduleCutoff, ct);
            runs = await ExecuteAsync(connection, transaction, dialect, "schedule_runs", scheduleCutoff, ct);
            await transaction.CommitAsync(ct);
        }

        if (options.Analyze)
        {
            await ExecuteAsync(connection, null, dialect, "analyze", null, ct);
        }

        return new MaintenanceResult(created, dropped, badEvents, batches, runs, tasks, funnelDevices, funnelRowsDeleted, options.Analyze);
    }

    private static async Task<DbConnection> OpenAsync(WarehouseLocation location, CancellationToken ct)
    {
        DbConnection connection = location.Kind == WarehouseKind.Postgres
            ? new NpgsqlConnection(location.PostgresConnectionString)
            : new DuckDBConnection(new DuckDBConnectionStringBuilder { DataSource = Path.GetFullPath(location.DuckDbPath!) }.ConnectionString);
        try
        {
            await connection.OpenAsync(ct);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<List<DateOnly>> ListPartitionsAsync(WarehouseLocation location, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(location.PostgresConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(PostgresSql.ListPartitions, connection);
        var days = new List<DateOnly>();
        try
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var name = reader.GetString(0);
                if (name.StartsWith("fact_events_p", StringComparison.Ordinal) &&
                    DateOnly.TryParseExact(name["fact_events_p".Length..], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                {
                    days.Add(day);
                }
            }
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Not migrated: opening the warehouse next says so with the command to run.
        }

        return days;
    }

    /// <summary>Runs each statement of a script (split at a ';' that ends a line); returns the rows the statements changed.</summary>
    private static async Task<long> ExecuteAsync(DbConnection connection, DbTransaction? transaction, string dialect, string name, DateTime? cutoff, CancellationToken ct)
    {
        long changed = 0;
        foreach (var statement in Sql(dialect, name).Split(";\n", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = statement;
            if (cutoff is { } value)
            {
                var parameter = command.CreateParameter();
                parameter.ParameterName = "cutoff";
                parameter.Value = value;
                command.Parameters.Add(parameter);
            }

            changed += Math.Max(0, await command.ExecuteNonQueryAsync(ct));
        }

        return changed;
    }

    private static string Sql(string dialect, string name) => SqlCache.GetOrAdd((dialect, name), static key =>
    {
        var resource = $"Facet.Storage.Sql.Maintenance.{key.Dialect}.{key.Name}.sql";
        using var stream = typeof(WarehouseMaintenance).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded SQL '{resource}' is missing from Facet.Storage.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
    });
}
