using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;

namespace Facet.Storage.Internal;

/// <summary>What personal data the warehouse keeps: the IP per <see cref="IpStorage"/>, emails hashed unless configured.</summary>
internal sealed class PrivacyRules(WarehouseOptions options)
{
    private readonly byte[] _salt = Encoding.UTF8.GetBytes(options.EmailHashSalt);

    public string? HashEmail(string? email)
    {
        if (string.IsNullOrEmpty(email))
        {
            return null;
        }

        var normalized = email.Trim().ToLowerInvariant();
        var bytes = new byte[_salt.Length + Encoding.UTF8.GetByteCount(normalized)];
        _salt.CopyTo(bytes, 0);
        Encoding.UTF8.GetBytes(normalized, 0, normalized.Length, bytes, _salt.Length);
        return Convert.ToHexStringLower(SHA256.HashData(bytes));
    }

    public string? ClearTextEmail(string? email) => options.StoreClearTextEmail && !string.IsNullOrEmpty(email) ? email.Trim() : null;

    public string? Ip(string? ip)
    {
        if (ip is null || options.IpStorage == IpStorage.None)
        {
            return null;
        }

        if (options.IpStorage == IpStorage.Full)
        {
            return ip;
        }

        if (!IPAddress.TryParse(ip, out var address))
        {
            // Not an address: keeping it could keep anything, so truncation keeps nothing.
            return null;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var bytes = address.GetAddressBytes();
        var keep = address.AddressFamily == AddressFamily.InterNetwork ? 3 : 6;
        Array.Clear(bytes, keep, bytes.Length - keep);
        return new IPAddress(bytes).ToString();
    }
}
