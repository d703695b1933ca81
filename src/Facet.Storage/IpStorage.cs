namespace Facet.Storage;

/// <summary>How much of a shopper's IP address <c>fact_events.ip</c> keeps.</summary>
public enum IpStorage
{
    /// <summary>Not stored (the default): location comes from the IP at enrichment time.</summary>
    None = 0,

    /// <summary>IPv4 truncated to its /24, IPv6 to its /48 (e.g. 203.0.113.0, 2001:db8:1::).</summary>
    Truncated,

    /// <summary>The address as received.</summary>
    Full,
}
