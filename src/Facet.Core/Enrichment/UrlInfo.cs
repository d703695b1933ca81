namespace Facet.Core.Enrichment;

/// <summary>What a page URL says: host, product name from the slug, campaign parameters and the URL without tracking parameters.</summary>
public sealed record UrlInfo(
    string? Host,
    string? ProductName,
    string? CleanUrl,
    string? UtmSource,
    string? UtmMedium,
    string? UtmCampaign,
    string? UtmTerm,
    string? UtmContent,
    string? ClickIdType,
    string? ClickId)
{
    /// <summary>Internal-campaign parameters (<c>itm_*</c>), names lowercased, in URL order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> ItmParameters { get; init; } = [];

    public static readonly UrlInfo Empty = new(null, null, null, null, null, null, null, null, null, null);
}
