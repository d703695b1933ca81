using System.Buffers.Binary;

namespace Facet.Core.Events;

/// <summary>
/// An id's text as an event keeps it: a canonical UUID (36 chars, 8-4-4-4-12 lowercase hex: the shop's event ids) or
/// a 24-char lowercase hex ObjectId (the source document's <c>_id</c>) is held as its bytes, any other text as itself.
/// Equality and order are the text's (ordinal), whichever way it is held.
/// </summary>
/// <remarks>
/// Issue 22: every event in flight held its id and <c>_id</c> as two strings (164 bytes, two objects) from parsing
/// until its batch committed, so every full collection marked them; both are unique per event, so no table of recent
/// texts can share them. As bytes they are part of the event object.
/// </remarks>
public readonly struct IdText : IEquatable<IdText>, IComparable<IdText>
{
    public const int UuidLength = 36;
    public const int ObjectIdLength = 24;

    // The bytes of a compact form in text order: a UUID's 16 in _high then _low, an ObjectId's 12 in _high and the
    // high half of _low. Compared as unsigned numbers they order like the lowercase hex text.
    private readonly ulong _high;
    private readonly ulong _low;

    // The text itself, or one of the two markers below for a compact form, or null for no id: the form without a field
    // of its own keeps the struct at 24 bytes (two per event).
    private readonly string? _text;

    private static readonly string UuidMarker = new('u', 1);
    private static readonly string ObjectIdMarker = new('o', 1);

    private IdText(Form form, ulong high, ulong low)
    {
        _text = form == Form.Uuid ? UuidMarker : ObjectIdMarker;
        _high = high;
        _low = low;
    }

    private IdText(string text)
    {
        _text = text;
    }

    private Form Kind => _text is null ? Form.Null
        : ReferenceEquals(_text, UuidMarker) ? Form.Uuid
        : ReferenceEquals(_text, ObjectIdMarker) ? Form.ObjectId
        : Form.Text;

    private enum Form : byte
    {
        Null,
        Text,
        Uuid,
        ObjectId,
    }

    /// <summary>No id (a null text).</summary>
    public bool IsNull => Kind == Form.Null;

    /// <summary>The text's length in chars (0 for no id).</summary>
    public int Length => Kind switch
    {
        Form.Null => 0,
        Form.Text => _text!.Length,
        Form.Uuid => UuidLength,
        _ => ObjectIdLength,
    };

    /// <summary>The id of a text: compact when the text has one of the two forms exactly (lowercase), else the text itself.</summary>
    public static IdText From(string? text)
    {
        if (text is null)
        {
            return default;
        }

        return TryParseCompact(text.AsSpan(), out var id) ? id : new IdText(text);
    }

    /// <summary>The compact id of UTF-8 text in one of the two forms; false (and no id) for any other text.</summary>
    public static bool TryParseCompact(ReadOnlySpan<byte> utf8, out IdText id)
    {
        Span<char> chars = stackalloc char[UuidLength];
        if (utf8.Length is UuidLength or ObjectIdLength)
        {
            for (var i = 0; i < utf8.Length; i++)
            {
                chars[i] = (char)utf8[i]; // non-ASCII bytes become chars no hex digit equals
            }

            return TryParseCompact(chars[..utf8.Length], out id);
        }

        id = default;
        return false;
    }

    /// <summary>The UUID this id's text spells, when it is held as one.</summary>
    public bool TryGetUuid(out Guid uuid)
    {
        if (Kind != Form.Uuid)
        {
            uuid = default;
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _low);
        uuid = new Guid(bytes, bigEndian: true);
        return true;
    }

    /// <summary>Writes the text into <paramref name="destination"/> (at least <see cref="Length"/> chars); returns its length.</summary>
    public int CopyTo(Span<char> destination)
    {
        switch (Kind)
        {
            case Form.Null:
                return 0;
            case Form.Text:
                _text.AsSpan().CopyTo(destination);
                return _text!.Length;
            case Form.ObjectId:
                WriteHex(_high, 16, destination);
                WriteHex(_low >> 32, 8, destination[16..]);
                return ObjectIdLength;
            default:
                WriteHex(_high >> 32, 8, destination);
                destination[8] = '-';
                WriteHex((_high >> 16) & 0xFFFF, 4, destination[9..]);
                destination[13] = '-';
                WriteHex(_high & 0xFFFF, 4, destination[14..]);
                destination[18] = '-';
                WriteHex(_low >> 48, 4, destination[19..]);
                destination[23] = '-';
                WriteHex(_low & 0xFFFF_FFFF_FFFF, 12, destination[24..]);
                return UuidLength;
        }
    }

    /// <summary>The text as a new string (the string itself when it is held as one); null for no id.</summary>
    public string? ToText() => Kind switch
    {
        Form.Null => null,
        Form.Text => _text,
        _ => string.Create(Length, this, static (span, id) => id.CopyTo(span)),
    };

    public override string ToString() => ToText() ?? string.Empty;

    public bool Equals(IdText other) => CompareTo(other) == 0;

    public override bool Equals(object? obj) => obj is IdText other && Equals(other);

    public override int GetHashCode() => Kind switch
    {
        Form.Null => 0,
        Form.Text => string.GetHashCode(_text.AsSpan()),
        _ => string.GetHashCode(Chars(stackalloc char[UuidLength])),
    };

    /// <summary>Ordinal order of the texts (<see cref="string.CompareOrdinal(string, string)"/>); no id sorts first.</summary>
    public int CompareTo(IdText other)
    {
        if (Kind == other.Kind && Kind is Form.Uuid or Form.ObjectId)
        {
            var c = _high.CompareTo(other._high);
            return c != 0 ? c : _low.CompareTo(other._low);
        }

        if (Kind == Form.Null || other.Kind == Form.Null)
        {
            return Kind == other.Kind ? 0 : Kind == Form.Null ? -1 : 1;
        }

        return Chars(stackalloc char[UuidLength]).SequenceCompareTo(other.Chars(stackalloc char[UuidLength]));
    }

    public static bool operator ==(IdText left, IdText right) => left.Equals(right);

    public static bool operator !=(IdText left, IdText right) => !left.Equals(right);

    /// <summary>
    /// The text's chars without making a string: the held string's, or a compact form's written into
    /// <paramref name="buffer"/> (at least <see cref="UuidLength"/> chars); empty for no id.
    /// </summary>
    public ReadOnlySpan<char> Chars(Span<char> buffer) => Kind == Form.Text ? _text.AsSpan() : buffer[..CopyTo(buffer)];

    private static bool TryParseCompact(ReadOnlySpan<char> text, out IdText id)
    {
        id = default;
        if (text.Length == ObjectIdLength)
        {
            if (!TryReadHex(text[..16], out var high) || !TryReadHex(text[16..], out var low))
            {
                return false;
            }

            id = new IdText(Form.ObjectId, high, low << 32);
            return true;
        }

        if (text.Length != UuidLength || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-'
            || !TryReadHex(text[..8], out var a) || !TryReadHex(text[9..13], out var b) || !TryReadHex(text[14..18], out var c)
            || !TryReadHex(text[19..23], out var d) || !TryReadHex(text[24..], out var e))
        {
            return false;
        }

        id = new IdText(Form.Uuid, (a << 32) | (b << 16) | c, (d << 48) | e);
        return true;
    }

    /// <summary>Up to 16 lowercase hex digits; an uppercase digit fails (the text must come back exactly as sent).</summary>
    private static bool TryReadHex(ReadOnlySpan<char> digits, out ulong value)
    {
        value = 0;
        foreach (var ch in digits)
        {
            int nibble = ch switch
            {
                >= '0' and <= '9' => ch - '0',
                >= 'a' and <= 'f' => ch - 'a' + 10,
                _ => -1,
            };
            if (nibble < 0)
            {
                return false;
            }

            value = (value << 4) | (uint)nibble;
        }

        return true;
    }

    private static void WriteHex(ulong value, int digits, Span<char> destination)
    {
        for (var i = digits - 1; i >= 0; i--)
        {
            destination[i] = "0123456789abcdef"[(int)(value & 0xF)];
            value >>= 4;
        }
    }
}
