using Facet.Cli.Scheduling;
using Facet.Storage;
using Facet.Storage.Scheduling;
using Facet.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Facet.Cli.Tests.Scheduling;

/// <summary>A migrated warehouse, a pipeline written to a temp folder, and schedulers on a fake clock over real child processes.</summary>
internal sealed class SchedulerHarness : IAsyncDisposable
{
    private SchedulerHarness(TempDirectory directory, WarehouseLocation location, ScheduleStore store, IReadOnlyList<DagDefinition> dags, FakeTimeProvider clock)
    {
        Directory = directory;
        Location = location;
        Store = store;
        Dags = dags;
        Clock = clock;
    }

    public TempDirectory Directory { get; }

    public WarehouseLocation Location { get; }

    public ScheduleStore Store { get; }

    public IReadOnlyList<DagDefinition> Dags { get; }

    public FakeTimeProvider Clock { get; }

    /// <summary>Pipeline YAML against a DuckDB file in a temp folder (or <paramref name="warehouse"/>), the clock at <paramref name="now"/>.</summary>
    public static async Task<SchedulerHarness> StartAsync(string yaml, DateTimeOffset now, string? warehouse = null)
    {
        var directory = new TempDirectory();
        var location = WarehouseLocation.Parse(warehouse ?? "duckdb:" + directory.File("w.duckdb"));
        await MigrateAsync(location);
        var path = directory.File("pipeline.yaml");
        await File.WriteAllTextAsync(path, yaml);
        return new SchedulerHarness(directory, location, await ScheduleStore.OpenAsync(location, CancellationToken.None), PipelineFile.Load(path), new FakeTimeProvider(now));
    }

    public static async Task MigrateAsync(WarehouseLocation location)
    {
        await using var warehouse = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None);
        await warehouse.MigrateAsync(CancellationToken.None);
    }

    public DagScheduler Scheduler(string? owner = null, TimeSpan? lease = null) => new(
        Dags,
        Store,
        new ProcessTaskRunner(Clock),
        Clock,
        new SchedulerOptions
        {
            Owner = owner ?? SchedulerIdentity.NewOwner(),
            LeaseDuration = lease ?? TimeSpan.FromSeconds(60),
            WorkingDirectory = Directory.Path,
        },
        NullLogger.Instance);

    public async Task TriggerAsync(string dagId, DateTime logicalUtc)
    {
        var dag = Dags.Single(d => d.Id == dagId);
        var interval = dag.Timetable.ManualInterval(logicalUtc);
        await Store.CreateRunsAsync([new ScheduledRun(dagId, logicalUtc, interval.Start, interval.End, ScheduledRun.Manual, ScheduleState.Queued, logicalUtc, null, null)], logicalUtc, CancellationToken.None);
    }

    public async Task<Dictionary<string, TaskInstanceRecord>> TasksAsync(string dagId, DateTime logicalUtc) =>
        (await Store.TaskInstancesAsync(dagId, logicalUtc, CancellationToken.None)).ToDictionary(t => t.TaskId);

    public string[] Lines(string file) => File.Exists(Directory.File(file)) ? File.ReadAllLines(Directory.File(file)) : [];

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        Directory.Dispose();
    }
}
