using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

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

    /// <summary>
    /// The unmodelled fields to store: without a second e-mail address (an event with both <c>email_address</c> and
    /// <c>email</c> keeps the unused alias there) unless clear-text e-mail is configured. Issue 12: that address was
    /// stored in clear in <c>fact_events.extra</c> although e-mail is stored hashed by default.
    /// </summary>
    public string? Extra(string? extraJson)
    {
        if (options.StoreClearTextEmail || extraJson is null || !extraJson.Contains("\"email", StringComparison.OrdinalIgnoreCase))
        {
            return extraJson;
        }

        // Copy the other members byte for byte (verbatim, duplicates and all), dropping the e-mail ones.
        var json = Encoding.UTF8.GetBytes(extraJson);
        var reader = new Utf8JsonReader(json);
        var kept = new StringBuilder(extraJson.Length);
        var removed = false;
        reader.Read();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var start = (int)reader.TokenStartIndex;
            var name = reader.GetString()!;
            reader.Read();
            reader.Skip();
            if (name.Equals("email", StringComparison.OrdinalIgnoreCase) || name.Equals("email_address", StringComparison.OrdinalIgnoreCase))
            {
                removed = true;
                continue;
            }

            kept.Append(kept.Length == 0 ? '{' : ',').Append(Encoding.UTF8.GetString(json, start, (int)reader.BytesConsumed - start));
        }

        return !removed ? extraJson : kept.Length == 0 ? null : kept.Append('}').ToString();
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
