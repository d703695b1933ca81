namespace Facet.Core.Enrichment;

/// <summary>How a referrer relates to the shop.</summary>
public enum ReferrerMedium
{
    Direct = 0,
    Internal,
    Search,
    Social,
    Email,
    Other,
}
