namespace Facet.Streaming.Mirror;

/// <summary>What a <see cref="TopicMirror"/> run did: messages delivered and committed, batches, and why it stopped.</summary>
public sealed record MirrorResult(long MessagesCopied, long BatchesCommitted, MirrorStopReason StopReason);
