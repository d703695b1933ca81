using System.Buffers.Binary;
using System.Text;

namespace Facet.Core.Tests.Enrichment;

/// <summary>
/// Writes a small IP2Location BIN file byte by byte as the format defines it (header, IPv4 rows with a closing row,
/// optional index, IPv6 rows, then length-prefixed strings), so the reader is tested against the format, not itself.
/// </summary>
internal static class Ip2LocationBinFile
{
    public sealed record BinRange(uint From, string CountryCode, string CountryName, string Region, string City);

    public sealed record BinRange6(UInt128 From, string CountryCode, string CountryName, string Region, string City);

    public static byte[] BuildDb3(IReadOnlyList<BinRange> v4, IReadOnlyList<BinRange6> v6, bool withIndex)
    {
        const int columns = 4; // ip_from, country, region, city
        const int header = 64;
        var v4Rows = v4.Count + 1; // the closing row holds the end of the last range
        var v4Width = columns * 4;
        var v6Rows = v6.Count == 0 ? 0 : v6.Count + 1;
        var v6Width = 16 + ((columns - 1) * 4);
        var indexSize = withIndex ? 65536 * 8 : 0;
        var v4Index = header; // 0-based
        var v4Base = v4Index + indexSize;
        var v6Base = v4Base + (v4Rows * v4Width);
        var stringsAt = v6Base + (v6Rows * v6Width);

        var strings = new MemoryStream();
        var pointers = new Dictionary<string, uint>();
        uint Str(string s)
        {
            if (!pointers.TryGetValue(s, out var p))
            {
                p = (uint)(stringsAt + strings.Length);
                var bytes = Encoding.Latin1.GetBytes(s);
                strings.WriteByte((byte)bytes.Length);
                strings.Write(bytes);
                pointers[s] = p;
            }

            return p;
        }

        uint Country(string code, string name)
        {
            // Short code, then the long name 3 bytes later (length byte + 2 characters).
            var key = "country:" + code + name;
            if (!pointers.TryGetValue(key, out var p))
            {
                p = (uint)(stringsAt + strings.Length);
                // The short code takes 3 bytes (length + 2 letters); a "-" placeholder is padded so the long name stays at +3.
                strings.WriteByte((byte)code.Length);
                strings.Write(Encoding.Latin1.GetBytes(code.PadRight(2, '\0')));
                var bytes = Encoding.Latin1.GetBytes(name);
                strings.WriteByte((byte)bytes.Length);
                strings.Write(bytes);
                pointers[key] = p;
            }

            return p;
        }

        var rows4 = new byte[v4Rows * v4Width];
        for (var i = 0; i < v4.Count; i++)
        {
            var row = rows4.AsSpan(i * v4Width);
            BinaryPrimitives.WriteUInt32LittleEndian(row, v4[i].From);
            BinaryPrimitives.WriteUInt32LittleEndian(row[4..], Country(v4[i].CountryCode, v4[i].CountryName));
            BinaryPrimitives.WriteUInt32LittleEndian(row[8..], Str(v4[i].Region));
            BinaryPrimitives.WriteUInt32LittleEndian(row[12..], Str(v4[i].City));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(rows4.AsSpan(v4.Count * v4Width), uint.MaxValue);

        var rows6 = new byte[v6Rows * v6Width];
        for (var i = 0; i < v6.Count; i++)
        {
            var row = rows6.AsSpan(i * v6Width);
            BinaryPrimitives.WriteUInt128LittleEndian(row, v6[i].From);
            BinaryPrimitives.WriteUInt32LittleEndian(row[16..], Country(v6[i].CountryCode, v6[i].CountryName));
            BinaryPrimitives.WriteUInt32LittleEndian(row[20..], Str(v6[i].Region));
            BinaryPrimitives.WriteUInt32LittleEndian(row[24..], Str(v6[i].City));
        }

        if (v6Rows > 0)
        {
            BinaryPrimitives.WriteUInt128LittleEndian(rows6.AsSpan(v6.Count * v6Width), UInt128.MaxValue);
        }

        var file = new byte[stringsAt + strings.Length];
        file[0] = 3; // DB3
        file[1] = columns;
        file[2] = 24;
        file[3] = 11;
        file[4] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(5), (uint)v4Rows);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(9), (uint)v4Base + 1);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(13), (uint)v6Rows);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(17), v6Rows > 0 ? (uint)v6Base + 1 : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(21), withIndex ? (uint)v4Index + 1 : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(25), 0);
        if (withIndex)
        {
            // For each /16 block: the first and last row that can hold an address in it.
            for (uint block = 0; block < 65536; block++)
            {
                uint low = 0, high = 0;
                var found = false;
                for (var i = 0; i < v4.Count; i++)
                {
                    var end = i + 1 < v4.Count ? v4[i + 1].From : uint.MaxValue;
                    if (v4[i].From >> 16 <= block && (end - 1) >> 16 >= block)
                    {
                        low = found ? low : (uint)i;
                        high = (uint)i;
                        found = true;
                    }
                }

                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(v4Index + ((int)block * 8)), low);
                BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(v4Index + ((int)block * 8) + 4), high);
            }
        }

        rows4.CopyTo(file, v4Base);
        rows6.CopyTo(file, v6Base);
        strings.ToArray().CopyTo(file, stringsAt);
        return file;
    }

    public static uint V4(string dotted)
    {
        var parts = dotted.Split('.');
        return (uint.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture) << 24) | (uint.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) << 16)
            | (uint.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) << 8) | uint.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
