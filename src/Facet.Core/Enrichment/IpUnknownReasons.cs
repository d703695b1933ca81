namespace Facet.Core.Enrichment;

/// <summary>Values of <see cref="GeoLocation.UnknownReason"/>.</summary>
public static class IpUnknownReasons
{
    public const string Empty = "empty";
    public const string Unparsable = "unparsable";
    public const string Private = "private";
    public const string Loopback = "loopback";
    public const string LinkLocal = "link-local";
    public const string SharedAddressSpace = "cgnat";
    public const string Multicast = "multicast";
    public const string Unspecified = "unspecified";
    public const string Reserved = "reserved";
    public const string NotFound = "not-in-database";
}
