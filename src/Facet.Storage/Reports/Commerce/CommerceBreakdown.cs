namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// How the revenue, conversion and funnel reports split their rows (<c>--by</c>, <c>by=</c>). Store, country, device
/// type and browser are the counted event's own; medium and campaign are the device's landing of the day (its first
/// event in the range), because the pages after it carry the shop's own pages as referrer. Definitions: docs/reports.md.
/// </summary>
public enum CommerceBreakdown
{
    /// <summary>One row (or one group of rows) for everything: the key is <c>all</c>.</summary>
    None,

    /// <summary>The local hour (0–23) of the order; revenue only.</summary>
    Hour,

    /// <summary>The local day of the order; revenue only.</summary>
    Day,

    /// <summary>The store domain (<c>store N</c> for a store id without a domain).</summary>
    Store,

    /// <summary>The shopper's IP country (ISO alpha-2), <c>(unknown)</c> when geolocation found none.</summary>
    Country,

    /// <summary>The landing event's channel: <c>paid</c>, or its referrer medium (search, social, email, other, direct, internal).</summary>
    Medium,

    /// <summary>The landing event's utm_campaign, <c>(none)</c> without one.</summary>
    Campaign,

    /// <summary>The user agent's device type: desktop, mobile, tablet, bot, other.</summary>
    Device,

    /// <summary>The user agent's browser family.</summary>
    Browser,
}
