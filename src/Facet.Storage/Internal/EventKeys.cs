using System.Security.Cryptography;
using System.Text;
using Facet.Core.Events;

namespace Facet.Storage.Internal;

/// <summary>
/// The fact identity column: the event id itself when it is a UUID (the shop's ids are), otherwise a name-based
/// UUID (RFC 4122 version 5, SHA-1) of the id text. A 16-byte key indexes faster than the text.
/// </summary>
internal static class EventKeys
{
    // A fixed namespace for Facet event ids (random, generated once).
    private static readonly byte[] Namespace = Convert.FromHexString("6f1c2b0e9a4d4c7e8b3a5d2f1e0c9b8a");

    /// <summary><see cref="For(string)"/> of an id as an event holds it: a compact UUID is its own key, no text parsed.</summary>
    public static Guid For(IdText eventId) => eventId.TryGetUuid(out var uuid) ? uuid : For(eventId.ToText()!);

    public static Guid For(string eventId)
    {
        if (Guid.TryParseExact(eventId, "D", out var guid) || Guid.TryParse(eventId, out guid))
        {
            return guid;
        }

        var name = Encoding.UTF8.GetBytes(eventId);
        var input = new byte[Namespace.Length + name.Length];
        Namespace.CopyTo(input, 0);
        name.CopyTo(input, Namespace.Length);
        Span<byte> hash = stackalloc byte[20];
        SHA1.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16], bigEndian: true);
    }
}
