namespace Facet.Streaming.Mirror;

/// <summary>Why <see cref="TopicMirror.RunAsync"/> returned.</summary>
public enum MirrorStopReason
{
    /// <summary>The cancellation token fired (SIGINT/SIGTERM in the CLI).</summary>
    Cancelled,

    /// <summary><see cref="TopicMirrorOptions.StopWhenIdle"/> elapsed with nothing new and everything committed.</summary>
    Idle,
}
