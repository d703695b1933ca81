namespace Facet.Storage.Scheduling;

/// <summary>The states of DAG runs and task instances, as stored (Airflow's names, so its users read them at once).</summary>
public static class ScheduleState
{
    public const string Queued = "queued";
    public const string Running = "running";
    public const string Success = "success";
    public const string Failed = "failed";

    /// <summary>A task failed with tries left; it runs again at <see cref="TaskInstanceRecord.NextTryAt"/>.</summary>
    public const string UpForRetry = "up_for_retry";

    /// <summary>A task did not run because a task it depends on failed.</summary>
    public const string UpstreamFailed = "upstream_failed";

    /// <summary>A task exited with the skip code (99), or a task it depends on was skipped.</summary>
    public const string Skipped = "skipped";

    /// <summary>Whether a task in this state will not change again within its run.</summary>
    public static bool IsFinished(string state) => state is Success or Failed or UpstreamFailed or Skipped;
}
