using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Enrichment;

/// <summary>
/// Reads an IP2Location <c>.BIN</c> database (LITE DB1/DB3/DB5/DB11… and their IPv6 editions): the format the
/// original pipelines used. The file is read into memory once (a LITE DB3 is tens of MB), so a reload never races
/// with a writer.
/// </summary>
/// <remarks>
/// Layout (little-endian; "addresses" in the header are 1-based file offsets): byte 0 database type, byte 1 column count
/// (the IP column included), bytes 2–4 date (yy, mm, dd), then uint32s at 5: IPv4 row count, 9: IPv4 rows address,
/// 13: IPv6 row count, 17: IPv6 rows address, 21: IPv4 index address, 25: IPv6 index address. An IPv4 row is the
/// uint32 start of its range followed by one uint32 per other column; an IPv6 row starts with a 128-bit start. A row
/// covers [its start, the next row's start). The index has 65,536 (first row, last row) uint32 pairs keyed by the top
/// 16 bits of the address. Column values are 0-based file offsets of strings (a length byte, then Latin-1 bytes);
/// the country column points at the short code, and its long name follows 3 bytes later. "-" means none.
/// </remarks>
public sealed class Ip2LocationBinGeolocator : IpGeolocator
{
    // Column positions (1 = the IP column) by database type 0…26, as IP2Location's own readers define them.
    private static readonly byte[] CountryPosition = [0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2];
    private static readonly byte[] RegionPosition = [0, 0, 0, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3];
    private static readonly byte[] CityPosition = [0, 0, 0, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4];
    private static readonly byte[] LatitudePosition = [0, 0, 0, 0, 0, 5, 5, 0, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5];

    private readonly byte[] _data;
    private readonly int _type;
    private readonly int _columns;
    private readonly uint _v4Count;
    private readonly uint _v4Base;
    private readonly uint _v6Count;
    private readonly uint _v6Base;
    private readonly uint _v4Index;
    private readonly uint _v6Index;

    private Ip2LocationBinGeolocator(byte[] data, string path)
    {
        _data = data;
        Path = path;
        _type = data[0];
        _columns = data[1];
        DatabaseDate = new DateOnly(2000 + data[2], Math.Clamp((int)data[3], 1, 12), Math.Clamp((int)data[4], 1, 28));
        _v4Count = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(5));
        _v4Base = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(9));
        _v6Count = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(13));
        _v6Base = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(17));
        _v4Index = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(21));
        _v6Index = BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(25));
    }

    public string Path { get; }

    /// <summary>The IP2Location database type (1 = DB1 country, 3 = DB3 country/region/city, …).</summary>
    public int DatabaseType => _type;

    public DateOnly DatabaseDate { get; }

    public static Ip2LocationBinGeolocator Open(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EnrichmentDataException($"Cannot read the IP2Location file '{path}' ({ex.Message}): check the path given to --geoip.", ex);
        }

        if (data.Length < 32 || data[0] is 0 or > 26 || data[1] < 2 || data[1] > 30)
        {
            throw new EnrichmentDataException($"'{path}' is not an IP2Location .BIN file (bad header): pass an IP2Location LITE DB1/DB3/DB5/DB11 .BIN, or a .mmdb, to --geoip.");
        }

        return new Ip2LocationBinGeolocator(data, path);
    }

    protected override GeoLocation LocatePublic(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out var written);
        long row;
        int rowWidth;
        uint rowBase;
        if (address.AddressFamily == AddressFamily.InterNetwork && written == 4)
        {
            var ip = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            if (ip == uint.MaxValue)
            {
                ip--; // the last address belongs to the last range
            }

            rowWidth = _columns * 4;
            rowBase = _v4Base;
            row = FindV4(ip, rowWidth);
        }
        else if (address.AddressFamily == AddressFamily.InterNetworkV6 && written == 16 && _v6Count > 0)
        {
            var ip = BinaryPrimitives.ReadUInt128BigEndian(bytes);
            if (ip == UInt128.MaxValue)
            {
                ip--;
            }

            rowWidth = 16 + ((_columns - 1) * 4);
            rowBase = _v6Base;
            row = FindV6(ip, rowWidth);
        }
        else
        {
            return NotFound;
        }

        if (row < 0)
        {
            return NotFound;
        }

        // Offset of column 2 (the first after the IP) in this row, 0-based.
        var ipWidth = rowWidth == _columns * 4 ? 4 : 16;
        var rowStart = (long)rowBase - 1 + (row * rowWidth);
        var country = ReadColumnString(rowStart, ipWidth, CountryPosition, 0);
        if (country is null || country.Length != 2)
        {
            return NotFound;
        }

        var longName = ReadColumnString(rowStart, ipWidth, CountryPosition, 3);
        var region = ReadColumnString(rowStart, ipWidth, RegionPosition, 0);
        var city = ReadColumnString(rowStart, ipWidth, CityPosition, 0);
        float? latitude = null, longitude = null;
        if (_type < LatitudePosition.Length && LatitudePosition[_type] != 0)
        {
            var at = rowStart + ipWidth + ((LatitudePosition[_type] - 2) * 4);
            if (TryReadUInt32(at, out var latBits) && TryReadUInt32(at + 4, out var lonBits))
            {
                latitude = BitConverter.UInt32BitsToSingle(latBits);
                longitude = BitConverter.UInt32BitsToSingle(lonBits);
            }
        }

        return new GeoLocation(country, CountryNames.English(country) ?? longName, region, city)
        {
            Latitude = latitude,
            Longitude = longitude,
        };
    }

    private long FindV4(uint ip, int rowWidth)
    {
        long low = 0, high = (long)_v4Count - 1;
        if (_v4Index > 0 && TryReadUInt32(_v4Index - 1L + ((ip >> 16) << 3), out var indexLow) && TryReadUInt32(_v4Index - 1L + ((ip >> 16) << 3) + 4, out var indexHigh))
        {
            low = indexLow;
            high = Math.Min(indexHigh, high);
        }

        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var at = (long)_v4Base - 1 + (mid * rowWidth);
            if (!TryReadUInt32(at, out var from) || !TryReadUInt32(at + rowWidth, out var to))
            {
                return -1;
            }

            if (ip < from)
            {
                high = mid - 1;
            }
            else if (ip >= to)
            {
                low = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    private long FindV6(UInt128 ip, int rowWidth)
    {
        long low = 0, high = (long)_v6Count - 1;
        var top = (long)(ip >> 112);
        if (_v6Index > 0 && TryReadUInt32(_v6Index - 1L + (top << 3), out var indexLow) && TryReadUInt32(_v6Index - 1L + (top << 3) + 4, out var indexHigh))
        {
            low = indexLow;
            high = Math.Min(indexHigh, high);
        }

        while (low <= high)
        {
            var mid = (low + high) >>> 1;
            var at = (long)_v6Base - 1 + (mid * rowWidth);
            if (at < 0 || at + rowWidth + 16 > _data.Length)
            {
                return -1;
            }

            var from = BinaryPrimitives.ReadUInt128LittleEndian(_data.AsSpan((int)at, 16));
            var to = BinaryPrimitives.ReadUInt128LittleEndian(_data.AsSpan((int)(at + rowWidth), 16));
            if (ip < from)
            {
                high = mid - 1;
            }
            else if (ip >= to)
            {
                low = mid + 1;
            }
            else
            {
                return mid;
            }
        }

        return -1;
    }

    private string? ReadColumnString(long rowStart, int ipWidth, byte[] positions, int extraOffset)
    {
        if (_type >= positions.Length || positions[_type] == 0)
        {
            return null;
        }

        if (!TryReadUInt32(rowStart + ipWidth + ((positions[_type] - 2) * 4), out var pointer))
        {
            return null;
        }

        var at = (long)pointer + extraOffset;
        if (at < 0 || at >= _data.Length)
        {
            return null;
        }

        var length = _data[at];
        if (at + 1 + length > _data.Length)
        {
            return null;
        }

        var value = Encoding.Latin1.GetString(_data, (int)at + 1, length);
        return value.Length == 0 || value == "-" ? null : value;
    }

    private bool TryReadUInt32(long at, out uint value)
    {
        if (at < 0 || at + 4 > _data.Length)
        {
            value = 0;
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_data.AsSpan((int)at, 4));
        return true;
    }
}
