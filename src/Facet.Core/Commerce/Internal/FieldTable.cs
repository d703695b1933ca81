namespace Facet.Core.Commerce.Internal;

/// <summary>
/// An entity's fields: a canonical name each (written by Facet, used in messages) and the aliases other producers
/// use. Names match case-insensitively and ignoring '_', '-', '.' and spaces, so <c>masterCategory</c>,
/// <c>master_category</c> and <c>MasterCategory</c> are one field.
/// </summary>
internal sealed class FieldTable
{
    private const int MaxNameLength = 64;

    private readonly string[] _names;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    /// <param name="fields">Per field: the canonical name first, then aliases.</param>
    public FieldTable(params string[][] fields)
    {
        _names = new string[fields.Length];
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[MaxNameLength];
        for (var i = 0; i < fields.Length; i++)
        {
            _names[i] = fields[i][0];
            foreach (var name in fields[i])
            {
                var length = Normalize(name, buffer);
                // Spellings that normalise alike (base_colour, baseColour) are one entry; two fields sharing one is a bug.
                var key = new string(buffer[..length]);
                if (!map.TryAdd(key, i) && map[key] != i)
                {
                    throw new ArgumentException($"'{name}' names both {_names[map[key]]} and {_names[i]}", nameof(fields));
                }
            }
        }

        _lookup = map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _names.Length;

    public string Name(int field) => _names[field];

    /// <summary>The field index of a name, or −1.</summary>
    public int Find(ReadOnlySpan<char> name)
    {
        Span<char> buffer = stackalloc char[MaxNameLength];
        var length = Normalize(name, buffer);
        return length >= 0 && _lookup.TryGetValue(buffer[..length], out var index) ? index : -1;
    }

    /// <summary>The field index of a UTF-8 name (unescaped), or −1. Non-ASCII names never match.</summary>
    public int Find(ReadOnlySpan<byte> utf8Name)
    {
        if (utf8Name.Length > MaxNameLength)
        {
            return -1;
        }

        Span<char> chars = stackalloc char[MaxNameLength];
        for (var i = 0; i < utf8Name.Length; i++)
        {
            if (utf8Name[i] >= 0x80)
            {
                return -1;
            }

            chars[i] = (char)utf8Name[i];
        }

        return Find(chars[..utf8Name.Length]);
    }

    private static int Normalize(ReadOnlySpan<char> name, Span<char> destination)
    {
        var length = 0;
        foreach (var c in name)
        {
            if (c is '_' or '-' or '.' or ' ')
            {
                continue;
            }

            if (length == destination.Length)
            {
                return -1;
            }

            destination[length++] = char.ToLowerInvariant(c);
        }

        return length;
    }
}
