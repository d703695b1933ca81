namespace Facet.Core.Enrichment.Internal;

/// <summary>
/// The IP cache of <see cref="ReloadingIpGeolocator"/> for IPv4 text in its canonical dotted-quad form (the form nearly
/// every event's <c>ip</c> has): keyed by the 32-bit address in 4-way sets of 64-bit slots, each slot the address and
/// the number of its location in a table of distinct locations. Lock-free reads; adds (one per distinct address) take a
/// lock.
/// </summary>
/// <remarks>
/// Issue 22: the string-keyed cache held an entry object and a key string per cached address (65,000 of each 15 s into
/// a 1M generated load, a tenth of the heap's objects), which every full collection marked and compacted again; this
/// holds two arrays (slots without references) whatever the number of addresses, and a hit hashes four bytes instead of
/// the text. A slot is written and read whole (a 64-bit word), so a reader sees an old or a new entry, never half of one;
/// the location table is published before a slot refers to its new entry.
/// </remarks>
internal sealed class Ipv4LocationCache
{
    private const int Ways = 4;

    private readonly int _setBits;
    private readonly int _maxLocations;
    private readonly Lock _addGate = new();
    private volatile Table _table;

    /// <summary>At most 2^24 slots (128 MiB): the slots are allocated up front, 8 bytes each.</summary>
    public const int MaxSlots = 1 << 24;

    /// <param name="capacity">About how many addresses to hold (slots: the next power of two at or above twice as many,
    /// 64 to <see cref="MaxSlots"/>, allocated up front).</param>
    /// <param name="owner">Entries are added only while the cache holds this owner (<see cref="Reset"/>).</param>
    public Ipv4LocationCache(int capacity, object owner)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentNullException.ThrowIfNull(owner);
        var slots = (int)Math.Clamp(System.Numerics.BitOperations.RoundUpToPowerOf2((ulong)capacity * 2), Ways * 16, MaxSlots);
        _setBits = System.Numerics.BitOperations.Log2((uint)(slots / Ways));
        _maxLocations = capacity;
        _table = new Table(slots, owner);
    }

    /// <summary>How many addresses the slots can hold at once.</summary>
    public int SlotCount => _table.Slots.Length;

    /// <summary>Addresses held now (slots in use; counted over every slot, for status and tests).</summary>
    public int Count
    {
        get
        {
            var count = 0;
            foreach (var slot in _table.Slots)
            {
                count += slot == 0 ? 0 : 1;
            }

            return count;
        }
    }

    /// <summary>
    /// The address of <paramref name="text"/> when it is exactly a canonical dotted quad: four decimal numbers 0–255,
    /// without signs, spaces or leading zeros. Any other form (zero-padded, a port, IPv6, X-Forwarded-For lists) is
    /// false: those take the general parser and the string-keyed cache, so this cache never decides how they parse.
    /// </summary>
    public static bool TryParse(string text, out uint address)
    {
        address = 0;
        if (text.Length is < 7 or > 15)
        {
            return false;
        }

        var part = 0;
        var value = 0;
        var digits = 0;
        foreach (var c in text)
        {
            if (c == '.')
            {
                if (digits == 0 || part == 3)
                {
                    return false;
                }

                address = (address << 8) | (uint)value;
                part++;
                value = 0;
                digits = 0;
                continue;
            }

            var digit = c - '0';
            if ((uint)digit > 9 || (digits == 1 && value == 0))
            {
                return false; // not a digit, or a leading zero
            }

            value = (value * 10) + digit;
            if (++digits > 3 || value > 255)
            {
                return false;
            }
        }

        if (digits == 0 || part != 3)
        {
            return false;
        }

        address = (address << 8) | (uint)value;
        return true;
    }

    public bool TryGet(uint address, out GeoLocation location)
    {
        var table = _table;
        var set = SetOf(address);
        for (var way = 0; way < Ways; way++)
        {
            var slot = Volatile.Read(ref table.Slots[set + way]);
            if (slot != 0 && (uint)(slot >> 32) == address)
            {
                location = table.Locations[(int)(uint)slot - 1];
                return true;
            }
        }

        location = null!;
        return false;
    }

    /// <summary>
    /// Holds <paramref name="address"/> → <paramref name="location"/> and returns the one instance held for locations
    /// equal to it (record equality), or <paramref name="location"/> itself when the cache no longer holds
    /// <paramref name="owner"/> (a reload reset it meanwhile: the location came from the files before it).
    /// </summary>
    public GeoLocation Add(uint address, GeoLocation location, object owner)
    {
        ArgumentNullException.ThrowIfNull(location);
        lock (_addGate)
        {
            var table = _table;
            if (!ReferenceEquals(table.Owner, owner))
            {
                return location;
            }

            if (!table.Numbers.TryGetValue(location, out var number))
            {
                if (table.Numbers.Count == _maxLocations)
                {
                    // As many distinct locations as addresses fit: start over rather than grow without bound.
                    _table = table = new Table(table.Slots.Length, owner);
                }

                number = table.Append(location);
            }

            var set = SetOf(address);
            var way = -1;
            for (var w = 0; w < Ways; w++)
            {
                var slot = table.Slots[set + w];
                if (slot == 0 || (uint)(slot >> 32) == address)
                {
                    way = w;
                    break;
                }
            }

            if (way < 0)
            {
                // A full set: the victim rotates per set, so none of its four addresses stays forever.
                way = table.NextVictim(set >> 2);
            }

            Volatile.Write(ref table.Slots[set + way], ((ulong)address << 32) | (uint)(number + 1));
            return table.Locations[number];
        }
    }

    /// <summary>Drops every entry; from now on only adds for <paramref name="owner"/> are kept.</summary>
    public void Reset(object owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        lock (_addGate)
        {
            _table = new Table(_table.Slots.Length, owner);
        }
    }

    // Fibonacci hashing: consecutive addresses (one network's) spread over the sets.
    private int SetOf(uint address) => (int)((address * 0x9E3779B1u) >> (32 - _setBits)) * Ways;

    private sealed class Table(int slots, object owner)
    {
        public ulong[] Slots { get; } = new ulong[slots];

        public object Owner { get; } = owner;

        public Dictionary<GeoLocation, int> Numbers { get; } = [];

        // Read without the lock: replaced (grown) before any slot refers to a new entry.
        private volatile GeoLocation[] _locations = new GeoLocation[256];

        private byte[]? _victims;

        public GeoLocation[] Locations => _locations;

        public int Append(GeoLocation location)
        {
            var number = Numbers.Count;
            if (number == _locations.Length)
            {
                var grown = new GeoLocation[number * 2];
                Array.Copy(_locations, grown, number);
                _locations = grown;
            }

            _locations[number] = location;
            Numbers.Add(location, number);
            return number;
        }

        public int NextVictim(int set)
        {
            _victims ??= new byte[Slots.Length / Ways];
            return _victims[set]++ % Ways;
        }
    }
}
