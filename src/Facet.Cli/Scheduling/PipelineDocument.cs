namespace Facet.Cli.Scheduling;

/// <summary>
/// The pipeline file as written (YAML, or JSON, which YAML reads too); <see cref="PipelineFile"/> turns it into
/// checked <see cref="DagDefinition"/>s. Property names map to snake_case keys (<c>depends_on</c>, <c>retry_delay</c>).
/// </summary>
internal sealed class PipelineDocument
{
    public Dictionary<string, DagDocument>? Dags { get; set; }

    internal sealed class DagDocument
    {
        public string? Description { get; set; }

        /// <summary>Cron (5 fields, or 6 with seconds) or a macro (@hourly, @daily, @weekly, @monthly, @yearly); none or absent: manual runs only.</summary>
        public string? Schedule { get; set; }

        public string? Timezone { get; set; }

        public string? StartDate { get; set; }

        public bool? Catchup { get; set; }

        public int? MaxActiveRuns { get; set; }

        public TaskDefaultsDocument? Defaults { get; set; }

        public Dictionary<string, TaskDocument>? Tasks { get; set; }
    }

    internal sealed class TaskDefaultsDocument
    {
        public int? Retries { get; set; }

        public string? RetryDelay { get; set; }

        public string? Timeout { get; set; }
    }

    internal sealed class TaskDocument
    {
        public string? Kind { get; set; }

        /// <summary>Positional arguments (for <c>shell</c>: the command line, run by /bin/sh -c).</summary>
        public List<string>? Args { get; set; }

        /// <summary>Options: <c>name: value</c> becomes <c>--name value</c>; <c>true</c> a bare flag; a list repeats it.</summary>
        public Dictionary<string, object?>? Options { get; set; }

        public List<string>? DependsOn { get; set; }

        public int? Retries { get; set; }

        public string? RetryDelay { get; set; }

        public string? Timeout { get; set; }

        /// <summary>A file that receives the task's standard output (an export, e.g. of <c>report --format csv</c>).</summary>
        public string? Output { get; set; }
    }
}
