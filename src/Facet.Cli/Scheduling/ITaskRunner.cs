namespace Facet.Cli.Scheduling;

/// <summary>Runs one try of a task to its end: success, failure, timeout, or interruption by the scheduler's shutdown.</summary>
internal interface ITaskRunner
{
    Task<TaskOutcome> RunAsync(TaskInvocation invocation, CancellationToken shutdown);
}
