using System.Collections;

namespace Facet.Streaming.Processing;

/// <summary>
/// A run of a batch's messages, read in place: a ledger part's messages are a range of the batch's list rather than a
/// copy of them (with ~70 B per message, each copy of a 30,000-message batch was a large-object-heap array, and every
/// such allocation counts toward the next full collection). The list must not change while the range is in use; a
/// taken batch's list never does.
/// </summary>
internal sealed class MessageRange(List<RawMessage> messages, int start, int count) : IReadOnlyList<RawMessage>
{
    public int Count => count;

    public RawMessage this[int index] =>
        (uint)index < (uint)count ? messages[start + index] : throw new ArgumentOutOfRangeException(nameof(index));

    public IEnumerator<RawMessage> GetEnumerator()
    {
        for (var i = 0; i < count; i++)
        {
            yield return messages[start + i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
