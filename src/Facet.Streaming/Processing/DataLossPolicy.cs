namespace Facet.Streaming.Processing;

/// <summary>What to do when a checkpoint points before the oldest offset still on the broker (retention deleted unread data).</summary>
public enum DataLossPolicy
{
    /// <summary>Stop with a clear error; nothing is skipped silently.</summary>
    Fail = 0,

    /// <summary>Log and count the lost offsets, then continue from the oldest available.</summary>
    Skip,
}
