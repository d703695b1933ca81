using System.Buffers.Binary;
using System.Numerics;
using System.Text;

namespace Facet.Core.Parsing.Internal;

/// <summary>
/// A direct-mapped table of the texts one field sent lately (user agents, URLs, device ids, IPs), so a value seen again
/// returns the instance made the first time instead of a new string.
/// </summary>
/// <remarks>
/// Why: in the generated day (and in the Glamira log) 70–98 % of these values repeat within a batch, and a batch's
/// events live two batch periods (decoded while the previous batch is written), so each copy was allocated, survived
/// into gen2 and was marked by every full collection there. Issue 22 measured strings at 40 % of the bytes `facet load`
/// allocates per event.
/// Thread-safe without locks: a slot holds one immutable string; a reader compares its content before returning it,
/// so a slot another thread just replaced is only a miss. Collisions replace the slot (no chains): the cost of a miss
/// is one allocation, as without the table, and the memory held is bounded by slots × <see cref="MaxBytes"/>.
/// </remarks>
internal sealed class RecentStrings
{
    /// <summary>Longer values are made fresh: they are rare, and a slot should not pin a large string.</summary>
    public const int MaxBytes = 256;

    private readonly string?[] _slots;
    private readonly int _shift;

    /// <param name="slotBits">log2 of the number of slots.</param>
    public RecentStrings(int slotBits)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slotBits, 4);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(slotBits, 20);
        _slots = new string?[1 << slotBits];
        _shift = 64 - slotBits;
    }

    /// <summary>The text of <paramref name="utf8"/> (valid, unescaped UTF-8), as the instance last made for it when the slot still holds it.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxBytes)
        {
            return Encoding.UTF8.GetString(utf8);
        }

        ref var slot = ref _slots[Slot(utf8)];
        var cached = slot;
        if (cached is not null && Matches(cached, utf8))
        {
            return cached;
        }

        var made = Encoding.UTF8.GetString(utf8);
        slot = made;
        return made;
    }

    /// <summary>
    /// Nearly every value is ASCII, one char per byte, compared without decoding. A text with other characters has
    /// more bytes than chars, so only it takes the decoding path.
    /// </summary>
    private static bool Matches(string cached, ReadOnlySpan<byte> utf8) =>
        cached.Length == utf8.Length ? Ascii.Equals(utf8, cached) : cached.Length < utf8.Length && DecodedEquals(cached, utf8);

    private static bool DecodedEquals(string cached, ReadOnlySpan<byte> utf8)
    {
        Span<char> buffer = stackalloc char[MaxBytes];
        return buffer[..Encoding.UTF8.GetChars(utf8, buffer)].SequenceEqual(cached);
    }

    /// <summary>
    /// A multiply-rotate hash of the bytes, eight at a time (the last eight overlapping); the top bits pick the slot.
    /// Not seeded: an input crafted to collide only turns hits into misses.
    /// </summary>
    private int Slot(ReadOnlySpan<byte> utf8)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var hash = (ulong)utf8.Length * Multiplier;
        if (utf8.Length >= 8)
        {
            var last = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
            while (utf8.Length > 8)
            {
                hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(utf8)) * Multiplier, 31);
                utf8 = utf8[8..];
            }

            hash = BitOperations.RotateLeft((hash ^ last) * Multiplier, 31);
        }
        else
        {
            foreach (var b in utf8)
            {
                hash = (hash ^ b) * Multiplier;
            }
        }

        return (int)((hash * Multiplier) >> _shift);
    }
}
