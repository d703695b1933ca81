using System.Text;

namespace Facet.Core.Parsing.Internal;

/// <summary>
/// A lossy, lock-free cache of recent texts of one field (user agents, URLs, device ids, IPs), so an event whose
/// value repeats one seen lately gets the same string instance instead of a new one (issue 22: those strings were
/// ~0.6 KB allocated per event and lived through the batch, so the GC copied them; the enricher's caches then also
/// compare them by reference). Direct-mapped by the text's hash: a slot holds the last text that hashed to it.
/// ASCII texts only; any other text is decoded as before.
/// </summary>
/// <remarks>
/// Safe from any thread: a slot is one reference, read and replaced whole, and strings are immutable; two threads
/// racing on a slot at worst both allocate. Equal texts are ordinally equal strings, so callers see no difference.
/// </remarks>
internal sealed class TextPool
{
    // Longer texts are rare: allocated as before.
    private const int MaxBytes = 1024;

    private readonly string?[] _slots;
    private readonly int _mask;

    /// <param name="slots">A power of two: about the number of distinct recent texts worth keeping.</param>
    public TextPool(int slots)
    {
        if (slots <= 0 || (slots & (slots - 1)) != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(slots), slots, "slots must be a positive power of two");
        }

        _slots = new string?[slots];
        _mask = slots - 1;
    }

    /// <summary>The text of <paramref name="utf8"/> (unescaped UTF-8): a pooled instance when one matches.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        // ASCII only (the usual user agent, URL, id and IP): compared byte to char without decoding. A first version
        // decoded to UTF-16 and hashed with string.GetHashCode (Marvin): ~0.7 µs per look-up, more than it saved.
        if (utf8.Length > MaxBytes || !Ascii.IsValid(utf8))
        {
            return Encoding.UTF8.GetString(utf8);
        }

        var hash = new HashCode();
        hash.AddBytes(utf8);
        ref var slot = ref _slots[hash.ToHashCode() & _mask];
        var pooled = Volatile.Read(ref slot);
        if (pooled is not null && Ascii.Equals(utf8, pooled))
        {
            return pooled;
        }

        var text = Encoding.ASCII.GetString(utf8);
        Volatile.Write(ref slot, text);
        return text;
    }
}
