namespace Facet.Storage;

/// <summary>
/// Moves one checkpoint in the same transaction as the rows it covers. <see cref="ExpectedNextOffset"/> is the
/// next offset the writer read from the warehouse (-1 when none was stored); the write fails with
/// <see cref="CheckpointConflictException"/> unless the stored value still equals it. Files (<c>facet load</c>) use
/// topic = the file identity, partition 0 and offset = the next line number.
/// </summary>
public sealed record CheckpointAdvance(string ConsumerGroup, string Topic, int Partition, long ExpectedNextOffset, long NextOffset)
{
    /// <summary>The <see cref="ExpectedNextOffset"/> that means "no checkpoint stored yet".</summary>
    public const long None = -1;
}
