namespace Facet.Core.Events;

/// <summary>
/// A message that was not accepted, kept whole: the stable reason <see cref="Code"/> (see <see cref="RejectionCodes"/>),
/// a human message, the field at fault when there is one, the raw bytes and where it came from.
/// </summary>
public sealed record Rejection(
    string Code,
    string Message,
    string? Field,
    ReadOnlyMemory<byte> Raw,
    SourcePosition Position)
{
    /// <summary>True when <see cref="Raw"/> holds only a prefix of the message (<c>too_large</c>); the message says how long it was.</summary>
    public bool RawTruncated { get; init; }
}
