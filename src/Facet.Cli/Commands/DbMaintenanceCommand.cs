using System.CommandLine;
using System.Text.Json;
using Facet.Storage;
using Facet.Storage.Maintenance;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet db maintenance</c>: partitions ahead and old-partition retention (PostgreSQL), the funnel progress of the
/// devices deferred batches queued, retention of bad_events, pipeline_batches and scheduler history, ANALYZE (and CHECKPOINT on DuckDB); a kind for <c>facet schedule</c>.
/// Prints what it did as one JSON object.
/// </summary>
internal static class DbMaintenanceCommand
{
    public static Command Create(TextWriter output)
    {
        var warehouse = DbCommand.WarehouseOption();
        var partitionsAhead = new Option<int>("--partitions-ahead") { Description = "PostgreSQL: make sure daily fact partitions exist from today to today + N days.", DefaultValueFactory = _ => new MaintenanceOptions().PartitionsAheadDays, HelpName = "N" };
        var retentionDays = new Option<int?>("--retention-days") { Description = "Delete bad_events, pipeline_batches and finished scheduler runs (with their task history) older than N days. Default: keep them.", HelpName = "N" };
        var factRetentionDays = new Option<int?>("--fact-retention-days") { Description = "PostgreSQL: drop the daily fact partitions older than N days, with their funnel progress (the rollups keep their totals). Default: keep them.", HelpName = "N" };
        var noAnalyze = new Option<bool>("--no-analyze") { Description = "Skip ANALYZE (and CHECKPOINT on DuckDB)." };
        partitionsAhead.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 0 or > 366)
            {
                r.AddError($"--partitions-ahead must be between 0 and 366 (got {r.GetValueOrDefault<int>()}).");
            }
        });
        foreach (var days in new[] { retentionDays, factRetentionDays })
        {
            days.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int?>() is { } value and < 1)
                {
                    r.AddError($"{days.Name} must be at least 1 day (got {value}).");
                }
            });
        }

        var command = new Command("maintenance", "Warehouse housekeeping: fact partitions ahead and old-partition retention (PostgreSQL), funnel progress deferred by --funnel-progress deferred, retention of bad_events, pipeline_batches and scheduler history, ANALYZE (and CHECKPOINT on DuckDB).")
        {
            warehouse, partitionsAhead, retentionDays, factRetentionDays, noAnalyze,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var location = DbCommand.ReadWarehouse(parse, warehouse);
            var options = new MaintenanceOptions
            {
                PartitionsAheadDays = parse.GetValue(partitionsAhead),
                RetentionDays = parse.GetValue(retentionDays),
                FactRetentionDays = parse.GetValue(factRetentionDays),
                Analyze = !parse.GetValue(noAnalyze),
            };
            if (options.FactRetentionDays is not null && location.Kind != WarehouseKind.Postgres)
            {
                throw new UsageException($"--fact-retention-days drops daily fact partitions, and {location} is a DuckDB warehouse (not partitioned): leave the flag out there");
            }

            MaintenanceResult result;
            try
            {
                result = await WarehouseMaintenance.RunAsync(location, options, null, cancellationToken);
            }
            catch (WarehouseSchemaException ex)
            {
                throw new UsageException(ex.Message.TrimEnd('.'));
            }
            catch (Exception ex) when (WarehouseErrors.IsWarehouseFailure(ex))
            {
                await Console.Error.WriteLineAsync($"facet: db maintenance failed for {location}: {DbCommand.FirstLine(ex.Message)}");
                return ExitCodes.Failure;
            }

            await output.WriteLineAsync(JsonSerializer.Serialize(new
            {
                partitions_created = result.PartitionsCreated,
                partitions_dropped = result.PartitionsDropped,
                bad_events_deleted = result.BadEventsDeleted,
                pipeline_batches_deleted = result.PipelineBatchesDeleted,
                schedule_runs_deleted = result.ScheduleRunsDeleted,
                task_instances_deleted = result.TaskInstancesDeleted,
                funnel_devices_computed = result.FunnelDevicesComputed,
                funnel_progress_rows_deleted = result.FunnelProgressRowsDeleted,
                analyzed = result.Analyzed,
            }));
            return ExitCodes.Ok;
        });
        return command;
    }
}
