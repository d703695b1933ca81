namespace Facet.Cli.Scheduling;

/// <summary>How a scheduler runs: its lease name and length, how often it looks for work, where its tasks run.</summary>
internal sealed record SchedulerOptions
{
    public string Owner { get; init; } = SchedulerIdentity.NewOwner();

    /// <summary>How long a lease lasts without renewal; a task's lease also covers its timeout.</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The longest sleep between looks at the warehouse (runs triggered by other processes appear then).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The folder tasks run in: the pipeline file's folder, so its relative paths are relative to the file.</summary>
    public string WorkingDirectory { get; init; } = System.Environment.CurrentDirectory;

    /// <summary>Extra environment for every task (FACET_WAREHOUSE: the scheduler's warehouse).</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    /// <summary>At most this many missed intervals are queued per DAG and look (a minutely DAG after a week down).</summary>
    public int MaxCatchupRunsPerTick { get; init; } = 1000;

    /// <summary>Where finished tries and runs, leases and the warehouse state are counted (none in tests that do not look).</summary>
    public ScheduleMetrics? Metrics { get; init; }
}
