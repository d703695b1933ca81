namespace Facet.Core.Commerce.Internal;

/// <summary>
/// The spellings of one enum: matched case-insensitively ignoring spaces, '_', '-' and '.', so "credit card",
/// "Credit Card", "credit_card" and "CREDIT-CARD" are one value. <see cref="Wire"/> is what Facet writes.
/// </summary>
internal sealed class EnumTable<T>
    where T : struct, Enum
{
    private const int MaxLength = 48;

    private readonly Dictionary<string, T>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<T, string> _wire = [];

    /// <param name="entries">Per value: its wire spelling first, then other accepted spellings.</param>
    public EnumTable(params (T Value, string[] Spellings)[] entries)
    {
        var map = new Dictionary<string, T>(StringComparer.Ordinal);
        Span<char> buffer = stackalloc char[MaxLength];
        foreach (var (value, spellings) in entries)
        {
            _wire.Add(value, spellings[0]);
            foreach (var spelling in spellings)
            {
                var length = Normalize(spelling, buffer);
                var key = new string(buffer[..length]);
                if (!map.TryAdd(key, value) && !EqualityComparer<T>.Default.Equals(map[key], value))
                {
                    throw new ArgumentException($"'{spelling}' names both {map[key]} and {value}", nameof(entries));
                }
            }
        }

        _lookup = map.GetAlternateLookup<ReadOnlySpan<char>>();
        Accepted = string.Join(", ", entries.Select(e => e.Spellings[0]));
    }

    /// <summary>The wire spellings, for error messages.</summary>
    public string Accepted { get; }

    public string Wire(T value) => _wire[value];

    public bool TryParse(ReadOnlySpan<char> text, out T value)
    {
        Span<char> buffer = stackalloc char[MaxLength];
        var length = Normalize(text, buffer);
        if (length > 0 && _lookup.TryGetValue(buffer[..length], out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    private static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        var length = 0;
        foreach (var c in text)
        {
            if (c is ' ' or '_' or '-' or '.' or '\t')
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
