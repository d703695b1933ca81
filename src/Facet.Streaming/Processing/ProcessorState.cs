namespace Facet.Streaming.Processing;

/// <summary>Where a <see cref="StreamProcessor"/> is in its life; each change is logged once and shown in the status line.</summary>
public enum ProcessorState
{
    /// <summary>Connecting and joining the consumer group.</summary>
    Starting,

    /// <summary>Consuming and writing.</summary>
    Running,

    /// <summary>Consuming is paused: the warehouse is unavailable (writes or checkpoint reads are being retried); see the reason.</summary>
    Paused,

    /// <summary>Stopping: committing the last batch before leaving the group.</summary>
    Draining,

    /// <summary>Left the group cleanly.</summary>
    Stopped,

    /// <summary>Stopped by an error that needs a person (data loss with --on-data-loss fail, a fatal Kafka error, a bug).</summary>
    Failed,
}
