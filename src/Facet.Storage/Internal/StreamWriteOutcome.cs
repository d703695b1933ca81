using Facet.Storage.Streams;

namespace Facet.Storage.Internal;

/// <summary>One stream's part of a batch write: its counts, and the newest event time it inserted (for the pipeline log's freshness).</summary>
internal readonly record struct StreamWriteOutcome(StreamWriteResult Result, DateTime? MaxEventTimeUtc);
