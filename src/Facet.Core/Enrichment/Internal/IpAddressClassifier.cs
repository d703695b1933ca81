using System.Net;
using System.Net.Sockets;

namespace Facet.Core.Enrichment.Internal;

/// <summary>Parses IP strings strictly and names the special-purpose ranges (RFC 6890) that no database can place.</summary>
internal static class IpAddressClassifier
{
    /// <summary>
    /// Parses "1.2.3.4", "2001:db8::1", "fe80::1%eth0" (zone id dropped), "[2001:db8::1]" and "[::1]:443" / "1.2.3.4:80"
    /// (port dropped); the first entry of an X-Forwarded-For list. Rejects IPv4 shorthands such as "1" or "1.2".
    /// IPv4-mapped IPv6 addresses come back as IPv4.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> text, out IPAddress address)
    {
        address = IPAddress.None;
        var comma = text.IndexOf(',');
        if (comma >= 0)
        {
            text = text[..comma];
        }

        text = text.Trim();
        if (text.IsEmpty)
        {
            return false;
        }

        if (text[0] == '[')
        {
            var close = text.IndexOf(']');
            if (close < 0)
            {
                return false;
            }

            text = text[1..close];
        }
        else if (text.IndexOf(':') is var colon and >= 0 && text.LastIndexOf(':') == colon && text[..colon].Count('.') == 3)
        {
            text = text[..colon]; // IPv4 with a port
        }

        var percent = text.IndexOf('%');
        if (percent >= 0)
        {
            text = text[..percent];
        }

        if (text.IndexOf(':') < 0 && text.Count('.') != 3)
        {
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        address = parsed.IsIPv4MappedToIPv6 ? parsed.MapToIPv4() : parsed;
        return true;
    }

    /// <summary>The reason an address has no location (private, loopback…), or null for a global unicast address.</summary>
    public static string? SpecialPurpose(IPAddress address)
    {
        Span<byte> b = stackalloc byte[16];
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            address.TryWriteBytes(b, out _);
            return SpecialPurposeV4(b[0], b[1], b[2], b[3]);
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return IpUnknownReasons.Unparsable;
        }

        address.TryWriteBytes(b, out _);
        var allZeroTo14 = b[..15].IndexOfAnyExcept((byte)0) < 0;
        if (allZeroTo14 && b[15] == 0)
        {
            return IpUnknownReasons.Unspecified;
        }

        if (allZeroTo14 && b[15] == 1)
        {
            return IpUnknownReasons.Loopback;
        }

        return b[0] switch
        {
            0xff => IpUnknownReasons.Multicast,
            0xfe when (b[1] & 0xc0) == 0x80 => IpUnknownReasons.LinkLocal,
            0xfe when (b[1] & 0xc0) == 0xc0 => IpUnknownReasons.Reserved, // deprecated site-local fec0::/10
            0xfc or 0xfd => IpUnknownReasons.Private, // unique local fc00::/7
            0x20 when b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8 => IpUnknownReasons.Reserved, // documentation 2001:db8::/32
            0x01 when b[1] == 0x00 && b[2..8].IndexOfAnyExcept((byte)0) < 0 => IpUnknownReasons.Reserved, // discard 100::/64
            _ when (b[0] & 0xe0) != 0x20 => IpUnknownReasons.Reserved, // outside 2000::/3, the global unicast space
            _ => null,
        };
    }

    private static string? SpecialPurposeV4(byte a, byte b, byte c, byte d) => a switch
    {
        0 => a == 0 && b == 0 && c == 0 && d == 0 ? IpUnknownReasons.Unspecified : IpUnknownReasons.Reserved,
        10 => IpUnknownReasons.Private,
        100 when (b & 0xc0) == 64 => IpUnknownReasons.SharedAddressSpace, // 100.64.0.0/10 carrier-grade NAT
        127 => IpUnknownReasons.Loopback,
        169 when b == 254 => IpUnknownReasons.LinkLocal,
        172 when (b & 0xf0) == 16 => IpUnknownReasons.Private,
        192 when b == 168 => IpUnknownReasons.Private,
        192 when b == 0 && (c == 0 || c == 2) => IpUnknownReasons.Reserved, // IETF protocol assignments, TEST-NET-1
        192 when b == 88 && c == 99 => IpUnknownReasons.Reserved, // deprecated 6to4 relay anycast
        198 when b is 18 or 19 => IpUnknownReasons.Reserved, // benchmarking
        198 when b == 51 && c == 100 => IpUnknownReasons.Reserved, // TEST-NET-2
        203 when b == 0 && c == 113 => IpUnknownReasons.Reserved, // TEST-NET-3
        >= 224 and <= 239 => IpUnknownReasons.Multicast,
        >= 240 => IpUnknownReasons.Reserved, // includes 255.255.255.255
        _ => null,
    };
}
