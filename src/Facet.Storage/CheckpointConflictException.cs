namespace Facet.Storage;

/// <summary>
/// A checkpoint was not where the writer expected it (another worker moved it, or the batch was already written).
/// The whole batch was rolled back; re-read the checkpoints and resume from there.
/// </summary>
public sealed class CheckpointConflictException : Exception
{
    public CheckpointConflictException(CheckpointAdvance advance)
        : base($"checkpoint conflict for consumer group '{advance?.ConsumerGroup}', topic '{advance?.Topic}', partition {advance?.Partition}: " +
               $"expected next offset {Describe(advance?.ExpectedNextOffset)} but the warehouse holds another value (another worker moved it, " +
               "or this batch was already written); the batch was rolled back — re-read the checkpoints")
    {
        ArgumentNullException.ThrowIfNull(advance);
        Advance = advance;
    }

    public CheckpointAdvance Advance { get; }

    private static string Describe(long? expected) => expected == CheckpointAdvance.None ? "none (-1)" : $"{expected}";
}
