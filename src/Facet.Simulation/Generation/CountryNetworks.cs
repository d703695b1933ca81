using System.Diagnostics.CodeAnalysis;
using System.Net;
using Facet.Core.Enrichment;
using MaxMind.Db;

namespace Facet.Simulation.Generation;

/// <summary>
/// IPv4 networks grouped by the country the geolocation database (DB-IP City Lite mmdb) places them in, so generated
/// IPs geolocate where the generator intends. Derived by probing the public IPv4 space at a fixed stride (one look-up
/// per stride, skipping to the end of each network found), which is deterministic for a given database file, takes
/// about a second and needs no walk over every network. A network is listed once per probe that hit it, so picking a
/// list entry uniformly is picking by address space.
/// </summary>
public sealed class CountryNetworks
{
    /// <summary>One probe every 2^12 addresses: ~900k look-ups, enough to find networks in every country with a shop.</summary>
    private const int StrideBits = 12;

    private readonly Dictionary<string, Network[]> _byCountry;

    private CountryNetworks(Dictionary<string, Network[]> byCountry, string source)
    {
        _byCountry = byCountry;
        Source = source;
        Countries = [.. byCountry.Keys.Order(StringComparer.Ordinal)];
    }

    /// <summary>Where the networks came from (the mmdb path).</summary>
    public string Source { get; }

    /// <summary>ISO 3166-1 alpha-2 codes with at least one network, sorted.</summary>
    public IReadOnlyList<string> Countries { get; }

    /// <summary>Probes <paramref name="mmdbPath"/> (an IPv4 or IPv4+IPv6 DB-IP/MaxMind city or country database).</summary>
    public static CountryNetworks Load(string mmdbPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mmdbPath);
        if (!File.Exists(mmdbPath))
        {
            throw new FileNotFoundException($"The IP geolocation database '{mmdbPath}' does not exist.", mmdbPath);
        }

        using var reader = new Reader(mmdbPath, FileAccessMode.MemoryMapped);
        var lists = new Dictionary<string, List<Network>>(StringComparer.Ordinal);
        var bytes = new byte[4];
        const ulong stride = 1UL << StrideBits;
        // 1.0.0.0 up to the end of 223.255.255.255: unicast space; private and reserved blocks simply find nothing.
        ulong address = 1UL << 24;
        const ulong end = 224UL << 24;
        while (address < end)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)address);
            var record = reader.Find<CountryRecord>(new IPAddress(bytes), out var prefixLength);
            var next = address + stride;
            if (prefixLength is > 0 and <= 32)
            {
                var size = 1UL << (32 - prefixLength);
                var start = address & ~(size - 1);
                if (record?.CountryCode is { Length: 2 } country && !IsReserved((uint)start))
                {
                    if (!lists.TryGetValue(country, out var list))
                    {
                        lists[country] = list = [];
                    }

                    list.Add(new Network((uint)start, (uint)Math.Min(size, uint.MaxValue)));
                }

                next = Math.Max(next, start + size);
            }

            address = next;
        }

        var byCountry = new Dictionary<string, Network[]>(lists.Count, StringComparer.Ordinal);
        foreach (var (country, list) in lists)
        {
            byCountry[country] = [.. list];
        }

        return new CountryNetworks(byCountry, mmdbPath);
    }

    /// <summary>
    /// The networks of the IPv4 database the build installs, found the way enrichment finds it
    /// (<see cref="EnrichmentData.Locate"/>: <paramref name="dataDirectory"/>, then FACET_DATA_DIR, then build/data),
    /// so generated IPs geolocate exactly as Facet will locate them. Throws <see cref="EnrichmentDataException"/>
    /// with a one-line fix when the data is missing.
    /// </summary>
    public static CountryNetworks LoadDefault(string? dataDirectory = null) => Load(EnrichmentData.Locate(dataDirectory).GeoIpPaths[0]);

    public bool Has(string countryCode) => _byCountry.ContainsKey(countryCode);

    /// <summary>The number of probe hits in <paramref name="countryCode"/> (its share of the address space, roughly).</summary>
    public int Weight(string countryCode) => _byCountry.TryGetValue(countryCode, out var networks) ? networks.Length : 0;

    /// <summary>A host address (never the first or last address of a /24 or larger network) in the country.</summary>
    internal uint PickAddress(string countryCode, GeneratorRandom random)
    {
        if (!TryGet(countryCode, out var networks))
        {
            throw new ArgumentException($"No network of country '{countryCode}' is known.", nameof(countryCode));
        }

        var network = networks[random.Next(networks.Length)];
        var offset = network.Size <= 2 ? 0u : (uint)(random.NextUInt64() % network.Size);
        var address = network.Start + offset;
        if (network.Size >= 256)
        {
            // Avoid .0 and .255, which look like network and broadcast addresses in logs.
            var last = address & 0xFF;
            if (last is 0 or 255)
            {
                address = (address & 0xFFFFFF00u) | (uint)random.Next(1, 255);
            }
        }

        return address;
    }

    private bool TryGet(string countryCode, [NotNullWhen(true)] out Network[]? networks) => _byCountry.TryGetValue(countryCode, out networks);

    private static bool IsReserved(uint address)
    {
        var a = address >> 24;
        var b = (address >> 16) & 0xFF;
        return a is 0 or 10 or 127 or >= 224
            || (a == 100 && b is >= 64 and < 128)
            || (a == 169 && b == 254)
            || (a == 172 && b is >= 16 and < 32)
            || (a == 192 && b == 168)
            || (a == 198 && b is 18 or 19);
    }

    private readonly record struct Network(uint Start, uint Size);

    /// <summary>Only the country of a database record: decoding skips everything else.</summary>
    internal sealed class CountryRecord
    {
        [Constructor]
        public CountryRecord([MapKey("country_code")] string? countryCode) => CountryCode = countryCode;

        public string? CountryCode { get; }
    }
}
