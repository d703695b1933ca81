using Facet.Core.Events;

namespace Facet.Core.Enrichment;

/// <summary>An accepted event with everything the dimensions and reports need. Produced by the enricher, consumed by the warehouse loader.</summary>
public sealed record EnrichedEvent(
    ShopEvent Event,
    GeoLocation Location,
    StoreInfo Store,
    UserAgentInfo UserAgent,
    UrlInfo Url,
    ReferrerInfo Referrer)
{
    /// <summary>Crawlers and other automated clients; reports exclude them by default.</summary>
    public bool IsBot => UserAgent.IsBot;
}
