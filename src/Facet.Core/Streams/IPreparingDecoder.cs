namespace Facet.Core.Streams;

/// <summary>
/// A decoder that needs an asynchronous step per batch before its synchronous <c>Decode</c> calls, e.g. fetching
/// unknown Avro writer schemas from a registry. The engine awaits <see cref="PrepareAsync"/> with the batch's values
/// first; an exception there (a registry that is down) fails the batch as a transient error, never a rejection.
/// </summary>
public interface IPreparingDecoder
{
    Task PrepareAsync(IEnumerable<ReadOnlyMemory<byte>> values, CancellationToken ct);
}
