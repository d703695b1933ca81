namespace Facet.Cli.Scheduling;

/// <summary>How a try ended. <see cref="ExitCode"/> is null when the process was killed (timeout) or stopped (shutdown).</summary>
internal sealed record TaskOutcome(int? ExitCode, bool TimedOut, bool Interrupted, string LogTail)
{
    /// <summary>Exit code that marks a task skipped rather than failed (Airflow's BashOperator uses the same).</summary>
    public const int SkipExitCode = 99;
}
