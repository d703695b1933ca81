using Facet.Core.Events;
using Facet.Storage.Streams;

namespace Facet.Streaming.Streams;

/// <summary>One stream's share of a batch after decoding: its rows for the warehouse writer and its rejections.</summary>
/// <param name="Rows">The accepted records, prepared for the writer (in-batch duplicates are the writer's to decide).</param>
/// <param name="Rejections">Every rejected message, in message order.</param>
/// <param name="Bots">Accepted records flagged as bots (clickstream; 0 elsewhere).</param>
public sealed record DecodedStream(StreamRows Rows, IReadOnlyList<Rejection> Rejections, int Bots);
