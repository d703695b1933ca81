using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using Cronos;
using Facet.Cli.Settings;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Facet.Cli.Scheduling;

/// <summary>
/// Reads a pipeline file (docs/schedule.md) and checks all of it before anything runs: kinds, options (parsed by the
/// command they belong to), placeholders, dependencies, cycles, cron and time zone. The first problem is thrown as a
/// <see cref="PipelineFileException"/> naming the DAG, the task and the fix.
/// </summary>
internal static partial class PipelineFile
{
    public const string DefaultPath = "facet-schedule.yaml";

    private static readonly TimeSpan DefaultRetryDelay = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromHours(1);

    // Values put in the placeholders while a task's options are checked.
    /// <summary>The kind whose tasks get the run's data interval as --from/--to when they set neither (docs/schedule.md).</summary>
    private const string RecomputeKind = "windows recompute";

    private static readonly DateTime SampleDay = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DagDefinition SampleDag = new("dag", null, null, null, TimeZoneInfo.Utc, DateTimeOffset.UnixEpoch, false, 1, []);

    public static IReadOnlyList<DagDefinition> Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new PipelineFileException($"pipeline file '{path}' does not exist: pass --file PATH (see docs/schedule.md)");
        }

        return Parse(File.ReadAllText(path), path);
    }

    public static IReadOnlyList<DagDefinition> Parse(string text, string source)
    {
        PipelineDocument document;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
            document = deserializer.Deserialize<PipelineDocument?>(text) ?? new PipelineDocument();
        }
        catch (YamlException ex)
        {
            var reason = (ex.InnerException ?? ex).Message;
            var cut = reason.IndexOf("): ", StringComparison.Ordinal);
            reason = cut >= 0 && reason.StartsWith("(Line", StringComparison.Ordinal) ? reason[(cut + 3)..] : reason;
            throw new PipelineFileException($"{source} line {ex.Start.Line}: {reason.ReplaceLineEndings(" ")} (see docs/schedule.md for the keys)");
        }

        if (document.Dags is not { Count: > 0 })
        {
            throw new PipelineFileException($"{source} declares no DAGs: add a 'dags:' mapping (see docs/schedule.md)");
        }

        var root = FacetCommandLine.Build(TextWriter.Null);
        return document.Dags.Select(pair => Dag(pair.Key, pair.Value ?? new PipelineDocument.DagDocument(), root)).ToList();
    }

    private static DagDefinition Dag(string id, PipelineDocument.DagDocument dag, RootCommand root)
    {
        CheckName(id, $"DAG '{id}'");
        TimeZoneInfo zone;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(dag.Timezone ?? "UTC");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new PipelineFileException($"DAG '{id}': unknown timezone '{dag.Timezone}': use an IANA name such as Europe/Berlin or UTC");
        }

        CronExpression? schedule = null;
        var scheduleText = dag.Schedule?.Trim();
        if (scheduleText is { Length: > 0 } && !scheduleText.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var fields = scheduleText.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                schedule = CronExpression.Parse(scheduleText, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                throw new PipelineFileException($"DAG '{id}': schedule '{scheduleText}' is not a cron expression ({ex.Message.TrimEnd('.')}): use 5 fields such as '0 2 * * *', or @hourly, @daily, @weekly, @monthly");
            }
        }
        else
        {
            scheduleText = null;
        }

        var startDate = DateTimeOffset.UnixEpoch;
        if (dag.StartDate is { Length: > 0 } startText)
        {
            startDate = ParseStart(id, startText, zone);
        }
        else if (schedule is not null)
        {
            throw new PipelineFileException($"DAG '{id}' has a schedule but no start_date: add start_date: YYYY-MM-DD (midnight in its timezone)");
        }

        if (dag.MaxActiveRuns is < 1)
        {
            throw new PipelineFileException($"DAG '{id}': max_active_runs must be at least 1 (got {dag.MaxActiveRuns})");
        }

        if (dag.Tasks is not { Count: > 0 })
        {
            throw new PipelineFileException($"DAG '{id}' has no tasks: add a 'tasks:' mapping");
        }

        var defaults = dag.Defaults ?? new PipelineDocument.TaskDefaultsDocument();
        var tasks = dag.Tasks.Select(pair => Task(id, pair.Key, pair.Value ?? new PipelineDocument.TaskDocument(), defaults, root, scheduled: schedule is not null)).ToList();
        var ids = tasks.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var task in tasks)
        {
            foreach (var upstream in task.DependsOn.Where(u => !ids.Contains(u)))
            {
                throw new PipelineFileException($"DAG '{id}' task '{task.Id}' depends on '{upstream}', which is not a task of the DAG: use one of {string.Join(", ", ids)}");
            }
        }

        return new DagDefinition(id, dag.Description, scheduleText, schedule, zone, startDate, dag.Catchup ?? false, dag.MaxActiveRuns ?? 1, TopologicalOrder(id, tasks));
    }

    private static TaskDefinition Task(string dagId, string id, PipelineDocument.TaskDocument task, PipelineDocument.TaskDefaultsDocument defaults, RootCommand root, bool scheduled)
    {
        var where = $"DAG '{dagId}' task '{id}'";
        CheckName(id, where);
        if (string.IsNullOrWhiteSpace(task.Kind))
        {
            throw new PipelineFileException($"{where} has no kind: set kind to one of {string.Join(", ", TaskKinds.All(root))}");
        }

        var kind = string.Join(' ', task.Kind.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        IReadOnlyList<string> commandPath = [];
        if (kind != TaskDefinition.ShellKind)
        {
            commandPath = TaskKinds.Resolve(root, kind)
                ?? throw new PipelineFileException($"{where}: unknown kind '{kind}': use one of {string.Join(", ", TaskKinds.All(root))}");
        }

        var arguments = new List<string>();
        foreach (var (name, value) in task.Options ?? [])
        {
            var flag = name.StartsWith('-') ? name : "--" + name;
            var items = value is List<object> list ? list : (IEnumerable<object?>)new[] { value };
            foreach (var item in items)
            {
                switch (item)
                {
                    case null or "false":
                        break;
                    case "true":
                        arguments.Add(flag);
                        break;
                    case string text:
                        arguments.Add(flag);
                        arguments.Add(text);
                        break;
                    default:
                        throw new PipelineFileException($"{where}: option '{name}' must be a value, true/false or a list of values");
                }
            }
        }

        // A windows recompute rebuilds its run's data interval unless the task names its own range. A DAG without a
        // schedule has only manual runs, whose interval is empty (it ends where it starts): those rebuild everything.
        if (kind == RecomputeKind && scheduled && !arguments.Any(static a => a is "--from" or "--to"))
        {
            arguments.AddRange(["--from", "{{ data_interval_start }}", "--to", "{{ data_interval_end }}"]);
        }

        arguments.AddRange(task.Args ?? []);
        if (kind == TaskDefinition.ShellKind && (task.Args is not { Count: 1 } || task.Options is { Count: > 0 }))
        {
            throw new PipelineFileException($"{where}: a shell task takes its command line as one args entry (args: [\"cmd …\"]) and no options");
        }

        foreach (var unknown in arguments.Append(task.Output ?? "").SelectMany(TaskTemplate.UnknownNames))
        {
            throw new PipelineFileException($"{where}: unknown placeholder '{{{{ {unknown} }}}}': use one of {string.Join(", ", TaskTemplate.Names)}");
        }

        if (commandPath.Count > 0)
        {
            // The command's own parser checks the options now, with sample values in the placeholders, so a typo
            // fails when the file is loaded rather than at 2 a.m.
            var sample = TaskTemplate.Variables(SampleDag, id, "scheduled", SampleDay, SampleDay, SampleDay.AddDays(1), 1);
            string? error;
            try
            {
                var parse = root.Parse([.. commandPath, .. arguments.Select(a => TaskTemplate.Render(a, sample))]);
                error = parse.Errors.Count > 0 ? parse.Errors[0].Message : null;
            }
            catch (InvalidOperationException ex)
            {
                // Some option validators read the converted value and throw when the conversion failed.
                error = ex.Message;
            }

            if (error is not null)
            {
                throw new PipelineFileException($"{where}: {error} (see 'facet {kind} --help')");
            }
        }

        var retries = task.Retries ?? defaults.Retries ?? 0;
        if (retries < 0)
        {
            throw new PipelineFileException($"{where}: retries must be 0 or more (got {retries})");
        }

        var retryDelay = Duration(where, "retry_delay", task.RetryDelay ?? defaults.RetryDelay, DefaultRetryDelay);
        var timeout = Duration(where, "timeout", task.Timeout ?? defaults.Timeout, DefaultTimeout);
        if (timeout <= TimeSpan.Zero)
        {
            throw new PipelineFileException($"{where}: timeout must be positive (got '{task.Timeout ?? defaults.Timeout}')");
        }

        return new TaskDefinition(id, kind, commandPath, arguments, task.DependsOn ?? [], retries, retryDelay, timeout, task.Output);
    }

    private static IReadOnlyList<TaskDefinition> TopologicalOrder(string dagId, List<TaskDefinition> tasks)
    {
        var ordered = new List<TaskDefinition>();
        var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 visiting, 2 done
        var byId = tasks.ToDictionary(t => t.Id, StringComparer.Ordinal);
        var path = new List<string>();

        void Visit(TaskDefinition task)
        {
            if (state.GetValueOrDefault(task.Id) == 2)
            {
                return;
            }

            if (state.GetValueOrDefault(task.Id) == 1)
            {
                var cycle = path.Skip(path.IndexOf(task.Id)).Append(task.Id);
                throw new PipelineFileException($"DAG '{dagId}': tasks {string.Join(" → ", cycle)} depend on each other in a cycle: remove one of these depends_on");
            }

            state[task.Id] = 1;
            path.Add(task.Id);
            foreach (var upstream in task.DependsOn)
            {
                Visit(byId[upstream]);
            }

            path.RemoveAt(path.Count - 1);
            state[task.Id] = 2;
            ordered.Add(task);
        }

        foreach (var task in tasks)
        {
            Visit(task);
        }

        return ordered;
    }

    private static DateTimeOffset ParseStart(string dagId, string text, TimeZoneInfo zone)
    {
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var withOffset) &&
            (text.EndsWith('Z') || OffsetSuffix().IsMatch(text)))
        {
            return withOffset;
        }

        if (DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
        }

        throw new PipelineFileException($"DAG '{dagId}': start_date '{text}' is not a date: use YYYY-MM-DD (midnight in the DAG's timezone) or an ISO 8601 time");
    }

    private static TimeSpan Duration(string where, string key, string? text, TimeSpan fallback)
    {
        if (text is null)
        {
            return fallback;
        }

        return DurationParser.TryParse(text, out var value)
            ? value
            : throw new PipelineFileException($"{where}: {key} '{text}' is not a duration: use 30s, 5m, 2h or hh:mm:ss");
    }

    private static void CheckName(string name, string where)
    {
        if (!Name().IsMatch(name))
        {
            throw new PipelineFileException($"{where}: ids use letters, digits, '_', '-' and '.' only: rename it");
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex Name();

    [GeneratedRegex(@"[+-]\d\d:?\d\d$", RegexOptions.CultureInvariant)]
    private static partial Regex OffsetSuffix();
}
