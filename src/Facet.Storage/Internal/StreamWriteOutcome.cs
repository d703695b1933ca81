using Facet.Storage.Streams;

namespace Facet.Storage.Internal;

/// <summary>
/// One stream's part of a batch write: its counts, the newest event time it inserted (for the pipeline log's
/// freshness), and the derived rows left to a trailing transaction (<see cref="DerivedWrite"/>), if any.
/// </summary>
internal readonly record struct StreamWriteOutcome(StreamWriteResult Result, DateTime? MaxEventTimeUtc, DerivedWrite? Derived = null);
