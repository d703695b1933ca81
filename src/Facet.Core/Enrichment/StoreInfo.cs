namespace Facet.Core.Enrichment;

/// <summary>The shop domain of <c>current_url</c> and the country and language its ccTLD implies (null for generic TLDs).</summary>
public sealed record StoreInfo(string? Domain, string? CountryCode, string? Language)
{
    public static readonly StoreInfo Unknown = new(null, null, null);
}
