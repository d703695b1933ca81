using Facet.Cli.Metrics;
using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Facet.Cli.Scheduling;
using Facet.Cli.Settings;
using Facet.Storage;
using Facet.Storage.Scheduling;
using Microsoft.Extensions.Logging;

namespace Facet.Cli.Commands;

/// <summary>
/// <c>facet schedule run|list|trigger|backfill|runs</c>: DAGs of Facet commands on cron timetables with Airflow's
/// semantics, their history in the warehouse (docs/schedule.md).
/// </summary>
internal static class ScheduleCommand
{
    public static Command Create(TextWriter output)
    {
        var schedule = new Command("schedule", "Scheduled pipelines: DAGs of facet commands on cron timetables, with history in the warehouse (docs/schedule.md).");
        schedule.Subcommands.Add(RunCommand(output));
        schedule.Subcommands.Add(ListCommand(output));
        schedule.Subcommands.Add(TriggerCommand(output));
        schedule.Subcommands.Add(BackfillCommand(output));
        schedule.Subcommands.Add(RunsCommand(output));
        return schedule;
    }

    private static Option<string> FileOption() => new("--file")
    {
        Description = "The pipeline file (YAML or JSON; docs/schedule.md).",
        DefaultValueFactory = _ => PipelineFile.DefaultPath,
        HelpName = "FILE",
    };

    private static Command RunCommand(TextWriter output)
    {
        var file = FileOption();
        var warehouse = Commands.ReportCommand.WarehouseOption();
        var poll = new Option<string>("--poll") { Description = "Longest wait between looks for new work (runs triggered from elsewhere appear then).", DefaultValueFactory = _ => "5s", HelpName = "D" };
        var lease = new Option<string>("--lease") { Description = "How long a DAG's lease lasts unrenewed before another scheduler may take the DAG over.", DefaultValueFactory = _ => "60s", HelpName = "D" };
        var logLevel = new Option<LogLevel>("--log-level") { Description = "Least level logged to stderr.", DefaultValueFactory = _ => LogLevel.Information };
        var command = new Command("run", "Run the scheduler until SIGTERM/Ctrl-C: queue due runs, run their tasks as child processes, keep history in the warehouse.")
        {
            file, warehouse, poll, lease, logLevel,
        };
        var metricsOptions = new MetricsCliOptions();
        metricsOptions.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var shutdown = new ShutdownSignal(cancellationToken);
            var path = parse.GetValue(file)!;
            var dags = Load(path);
            var warehouseText = parse.GetValue(warehouse);
            var location = Commands.ReportCommand.ParseWarehouse(warehouseText);
            var options = new SchedulerOptions
            {
                PollInterval = Duration(parse.GetValue(poll), "--poll"),
                LeaseDuration = Duration(parse.GetValue(lease), "--lease"),
                WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!,
                // Tasks inherit the scheduler's warehouse (password included) through the environment, never argv.
                Environment = new Dictionary<string, string> { ["FACET_WAREHOUSE"] = warehouseText! },
            };
            using var loggerFactory = CliLogging.Create(parse.GetValue(logLevel));
            using var metrics = new ScheduleMetrics();
            await using var export = await MetricsExport.StartAsync("facet-schedule", parse.GetValue(metricsOptions.Port), [ScheduleMetrics.MeterName], loggerFactory.CreateLogger<MetricsExport>(), shutdown.Token);
            options = options with { Metrics = metrics };
            await using var store = await ScheduleStore.OpenAsync(location, shutdown.Token);
            var scheduler = new DagScheduler(dags, store, new ProcessTaskRunner(TimeProvider.System), TimeProvider.System, options, loggerFactory.CreateLogger<DagScheduler>());
            await output.WriteLineAsync($"scheduler {scheduler.Owner}: {dags.Count} DAG(s) from {path} on {location}");
            await output.FlushAsync(CancellationToken.None);
            await scheduler.RunAsync(shutdown.Token);
            await output.WriteLineAsync($"scheduler {scheduler.Owner}: stopped");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command ListCommand(TextWriter output)
    {
        var file = FileOption();
        var warehouse = Commands.ReportCommand.WarehouseOption();
        var command = new Command("list", "List the DAGs of the pipeline file: timetable, tasks, next run and (with a warehouse) the last run.") { file, warehouse };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dags = Load(parse.GetValue(file)!);
            var warehouseText = parse.GetValue(warehouse);
            await using var store = string.IsNullOrWhiteSpace(warehouseText) ? null : await ScheduleStore.OpenAsync(Commands.ReportCommand.ParseWarehouse(warehouseText), cancellationToken);
            var now = DateTime.UtcNow;
            var rows = new List<string[]> { new[] { "dag", "schedule", "timezone", "catchup", "tasks", "next run", "last run" } };
            foreach (var dag in dags)
            {
                DateTime? latestEnd = null;
                var last = "-";
                if (store is not null)
                {
                    latestEnd = await store.LatestScheduledEndAsync(dag.Id, cancellationToken);
                    if ((await store.ListRunsAsync(dag.Id, 1, cancellationToken)) is [var run])
                    {
                        last = $"{Local(dag, run.LogicalDate)} {run.State}";
                    }
                }

                var next = dag.Timetable.NextDueAt(latestEnd, now, dag.Catchup) is { } due ? Local(dag, due) + (due <= now ? " (due)" : "") : "manual only";
                rows.Add([dag.Id, dag.ScheduleText ?? "none", dag.TimeZone.Id, dag.Catchup ? "on" : "off", string.Join(" → ", dag.Tasks.Select(t => t.Id)), next, last]);
            }

            await WriteColumnsAsync(output, rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command TriggerCommand(TextWriter output)
    {
        var file = FileOption();
        var warehouse = Commands.ReportCommand.WarehouseOption();
        var dagArgument = new Argument<string>("DAG") { Description = "The DAG to run." };
        var date = new Option<string?>("--date") { Description = "Logical date: YYYY-MM-DD (midnight in the DAG's timezone), an ISO 8601 time, or now (default).", HelpName = "D" };
        var command = new Command("trigger", "Queue a manual run of a DAG for a logical date; a second trigger of the same date queues nothing.") { dagArgument, file, warehouse, date };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dag = FindDag(Load(parse.GetValue(file)!), parse.GetValue(dagArgument)!);
            var logical = ParseDate(dag, parse.GetValue(date) ?? "now", "--date", endOfDay: false);
            var interval = dag.Timetable.ManualInterval(logical);
            await using var store = await ScheduleStore.OpenAsync(Commands.ReportCommand.ParseWarehouse(parse.GetValue(warehouse)), cancellationToken);
            var run = new ScheduledRun(dag.Id, logical, interval.Start, interval.End, ScheduledRun.Manual, ScheduleState.Queued, DateTime.UtcNow, null, null);
            if (await store.CreateRunsAsync([run], DateTime.UtcNow, cancellationToken) == 1)
            {
                await output.WriteLineAsync($"{dag.Id} @ {Local(dag, logical)}: queued (manual); facet schedule run runs it");
            }
            else
            {
                var existing = await store.GetRunAsync(dag.Id, logical, cancellationToken);
                await output.WriteLineAsync($"{dag.Id} @ {Local(dag, logical)}: a run exists already ({existing?.RunType}, {existing?.State}); nothing queued");
            }

            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command BackfillCommand(TextWriter output)
    {
        var file = FileOption();
        var warehouse = Commands.ReportCommand.WarehouseOption();
        var dagArgument = new Argument<string>("DAG") { Description = "The DAG to backfill." };
        var from = new Option<string>("--from") { Description = "First logical date: YYYY-MM-DD (in the DAG's timezone) or an ISO 8601 time.", Required = true, HelpName = "D" };
        var to = new Option<string>("--to") { Description = "Last logical date, inclusive (a YYYY-MM-DD covers that whole day).", Required = true, HelpName = "D" };
        var command = new Command("backfill", "Queue a run for every interval of a DAG's schedule whose logical date lies in [--from, --to]; existing runs are kept.")
        {
            dagArgument, file, warehouse, from, to,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dag = FindDag(Load(parse.GetValue(file)!), parse.GetValue(dagArgument)!);
            if (!dag.Timetable.IsScheduled)
            {
                throw new UsageException($"DAG '{dag.Id}' has no schedule, so it has no intervals to backfill: use facet schedule trigger {dag.Id} --date D per date");
            }

            var start = ParseDate(dag, parse.GetValue(from)!, "--from", endOfDay: false);
            var end = ParseDate(dag, parse.GetValue(to)!, "--to", endOfDay: true);
            if (end < start)
            {
                throw new UsageException($"--to ({parse.GetValue(to)}) is before --from ({parse.GetValue(from)}): swap them");
            }

            var intervals = dag.Timetable.Between(start, end);
            await using var store = await ScheduleStore.OpenAsync(Commands.ReportCommand.ParseWarehouse(parse.GetValue(warehouse)), cancellationToken);
            var now = DateTime.UtcNow;
            var runs = intervals.Select(i => new ScheduledRun(dag.Id, i.Start, i.Start, i.End, ScheduledRun.Backfill, ScheduleState.Queued, now, null, null)).ToList();
            var created = await store.CreateRunsAsync(runs, now, cancellationToken);
            await output.WriteLineAsync(
                $"{dag.Id}: {runs.Count} interval(s) from {parse.GetValue(from)} to {parse.GetValue(to)}: {created} queued, {runs.Count - created} existed already; facet schedule run runs them oldest first");
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command RunsCommand(TextWriter output)
    {
        var file = FileOption();
        var warehouse = Commands.ReportCommand.WarehouseOption();
        var dagArgument = new Argument<string>("DAG") { Description = "The DAG whose runs to show." };
        var limit = CliOptions.PositiveInt("--limit", "Newest runs to show.", 20, 10_000);
        var format = new Option<string>("--format") { Description = "table (a grid: one row per run, one column per task) or json (with times, tries and log tails).", DefaultValueFactory = _ => "table" };
        var command = new Command("runs", "Show a DAG's recent runs and the state of each task (state, tries, times, log tail with --format json).")
        {
            dagArgument, file, warehouse, limit, format,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var dag = FindDag(Load(parse.GetValue(file)!), parse.GetValue(dagArgument)!);
            var outputFormat = parse.GetValue(format);
            if (outputFormat is not ("table" or "json"))
            {
                throw new UsageException($"--format must be table or json (got '{outputFormat}')");
            }

            await using var store = await ScheduleStore.OpenAsync(Commands.ReportCommand.ParseWarehouse(parse.GetValue(warehouse)), cancellationToken);
            var runs = await store.ListRunsAsync(dag.Id, parse.GetValue(limit), cancellationToken);
            var history = new List<(ScheduledRun Run, IReadOnlyList<TaskInstanceRecord> Tasks)>();
            foreach (var run in runs)
            {
                history.Add((run, await store.TaskInstancesAsync(dag.Id, run.LogicalDate, cancellationToken)));
            }

            if (outputFormat == "json")
            {
                await output.WriteLineAsync(JsonSerializer.Serialize(history.Select(h => new
                {
                    dag_id = h.Run.DagId,
                    logical_date = Iso(dag, h.Run.LogicalDate),
                    data_interval_start = Iso(dag, h.Run.DataIntervalStart),
                    data_interval_end = Iso(dag, h.Run.DataIntervalEnd),
                    run_type = h.Run.RunType,
                    state = h.Run.State,
                    start_date = Iso(dag, h.Run.StartDate),
                    end_date = Iso(dag, h.Run.EndDate),
                    tasks = h.Tasks.Select(t => new
                    {
                        task_id = t.TaskId,
                        state = t.State,
                        try_number = t.TryNumber,
                        max_tries = t.MaxTries,
                        start_date = Iso(dag, t.StartDate),
                        end_date = Iso(dag, t.EndDate),
                        duration_ms = t.DurationMs,
                        exit_code = t.ExitCode,
                        next_try_at = Iso(dag, t.NextTryAt),
                        log_tail = t.LogTail,
                    }),
                }), new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Ok;
            }

            var rows = new List<string[]> { new[] { "logical date", "type", "state", "duration" }.Concat(dag.Tasks.Select(t => t.Id)).ToArray() };
            foreach (var (run, tasks) in history)
            {
                var duration = run.StartDate is { } s && run.EndDate is { } e ? $"{(e - s).TotalSeconds:0.0} s" : "-";
                var cells = dag.Tasks.Select(t => tasks.FirstOrDefault(i => i.TaskId == t.Id) is { } i ? $"{i.State} ({i.TryNumber}/{i.MaxTries})" : "-");
                rows.Add([Local(dag, run.LogicalDate), run.RunType, run.State, duration, .. cells]);
            }

            await WriteColumnsAsync(output, rows);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static IReadOnlyList<DagDefinition> Load(string path)
    {
        try
        {
            return PipelineFile.Load(path);
        }
        catch (PipelineFileException ex)
        {
            throw new UsageException(ex.Message);
        }
    }

    private static DagDefinition FindDag(IReadOnlyList<DagDefinition> dags, string id) =>
        dags.FirstOrDefault(d => d.Id == id) ?? throw new UsageException($"unknown DAG '{id}': the pipeline file declares {string.Join(", ", dags.Select(d => d.Id))}");

    /// <summary>A date in the DAG's zone (YYYY-MM-DD: midnight, or with <paramref name="endOfDay"/> its last instant), an ISO time, or now.</summary>
    internal static DateTime ParseDate(DagDefinition dag, string text, string flag, bool endOfDay)
    {
        if (text.Equals("now", StringComparison.OrdinalIgnoreCase))
        {
            var now = DateTime.UtcNow;
            return new DateTime(now.Ticks - (now.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var midnight = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            var utc = TimeZoneInfo.ConvertTimeToUtc(endOfDay ? midnight.AddDays(1) : midnight, dag.TimeZone);
            return endOfDay ? utc.AddTicks(-1) : utc;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
        {
            return time.UtcDateTime;
        }

        throw new UsageException($"{flag} '{text}' is not a date: use YYYY-MM-DD (in the DAG's timezone {dag.TimeZone.Id}), an ISO 8601 time or now");
    }

    private static TimeSpan Duration(string? text, string flag) =>
        DurationParser.TryParse(text, out var value) && value > TimeSpan.Zero
            ? value
            : throw new UsageException($"{flag} must be a positive duration such as 5s, 2m or 1h (got '{text}')");

    private static string Local(DagDefinition dag, DateTime utc) =>
        TimeZoneInfo.ConvertTime(new DateTimeOffset(utc, TimeSpan.Zero), dag.TimeZone).ToString("yyyy-MM-dd HH:mm zzz", CultureInfo.InvariantCulture);

    private static string? Iso(DagDefinition dag, DateTime? utc) => utc is { } value
        ? TimeZoneInfo.ConvertTime(new DateTimeOffset(value, TimeSpan.Zero), dag.TimeZone).ToString("yyyy-MM-dd'T'HH:mm:ss.fffzzz", CultureInfo.InvariantCulture)
        : null;

    private static async Task WriteColumnsAsync(TextWriter output, List<string[]> rows)
    {
        var widths = new int[rows.Max(r => r.Length)];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in rows)
        {
            var line = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(i == row.Length - 1 ? row[i] : row[i].PadRight(widths[i] + 2));
            }

            await output.WriteLineAsync(line.ToString());
        }
    }
}
