using System.Net;
using Facet.Core.Enrichment.Internal;

namespace Facet.Core.Enrichment;

/// <summary>
/// IP address → <see cref="GeoLocation"/>. Subclasses read one database format; this base parses the string and
/// answers <see cref="GeoLocation.Unknown"/> for unparsable and special-purpose addresses (private, loopback,
/// link-local, CGNAT, multicast, reserved) without asking the database. Thread-safe.
/// </summary>
public abstract class IpGeolocator : IDisposable
{
    private static readonly GeoLocation EmptyIp = GeoLocation.Unknown(IpUnknownReasons.Empty);
    private static readonly GeoLocation UnparsableIp = GeoLocation.Unknown(IpUnknownReasons.Unparsable);
    private static readonly GeoLocation NotFoundIp = GeoLocation.Unknown(IpUnknownReasons.NotFound);
    private static readonly Dictionary<string, GeoLocation> SpecialResults = new(StringComparer.Ordinal)
    {
        [IpUnknownReasons.Private] = GeoLocation.Unknown(IpUnknownReasons.Private),
        [IpUnknownReasons.Loopback] = GeoLocation.Unknown(IpUnknownReasons.Loopback),
        [IpUnknownReasons.LinkLocal] = GeoLocation.Unknown(IpUnknownReasons.LinkLocal),
        [IpUnknownReasons.SharedAddressSpace] = GeoLocation.Unknown(IpUnknownReasons.SharedAddressSpace),
        [IpUnknownReasons.Multicast] = GeoLocation.Unknown(IpUnknownReasons.Multicast),
        [IpUnknownReasons.Unspecified] = GeoLocation.Unknown(IpUnknownReasons.Unspecified),
        [IpUnknownReasons.Reserved] = GeoLocation.Unknown(IpUnknownReasons.Reserved),
        [IpUnknownReasons.Unparsable] = UnparsableIp,
    };

    /// <summary>The unknown result for "not in the database".</summary>
    protected static GeoLocation NotFound => NotFoundIp;

    /// <summary>Locates an IP string (see <see cref="Locate(IPAddress)"/> for the forms accepted).</summary>
    public virtual GeoLocation Locate(string? ip)
    {
        if (string.IsNullOrWhiteSpace(ip))
        {
            return EmptyIp;
        }

        return IpAddressClassifier.TryParse(ip, out var address) ? Locate(address) : UnparsableIp;
    }

    /// <summary>Locates an address; special-purpose ranges are Unknown with their reason.</summary>
    public GeoLocation Locate(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        var special = IpAddressClassifier.SpecialPurpose(address);
        return special is null ? LocatePublic(address) : SpecialResults[special];
    }

    /// <summary>Looks a global unicast address up in the database; <see cref="NotFound"/> when it has no record.</summary>
    protected abstract GeoLocation LocatePublic(IPAddress address);

    /// <summary>
    /// Opens one database file, choosing the reader by content: IP2Location <c>.BIN</c> (by extension), else a MaxMind DB
    /// file in the MaxMind City schema or the DB-IP/ip-location-db schema.
    /// </summary>
    public static IpGeolocator OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new EnrichmentDataException($"The IP database '{Path.GetFullPath(path)}' does not exist: pass an existing .mmdb or IP2Location .BIN file to --geoip, or run 'dotnet build' to install DB-IP City Lite.");
        }

        return path.EndsWith(".bin", StringComparison.OrdinalIgnoreCase)
            ? Ip2LocationBinGeolocator.Open(path)
            : MmdbIpGeolocator.Open(path);
    }

    /// <summary>
    /// Opens several databases tried in order (e.g. the DB-IP IPv4 and IPv6 files) with an IP cache, reopening a
    /// file when it changes (when <paramref name="watch"/>).
    /// </summary>
    public static ReloadingIpGeolocator Open(IReadOnlyList<string> paths, int cacheSize = 100_000, bool watch = true) =>
        new(paths, cacheSize, watch);

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
    }
}
