namespace Facet.Storage.Reports.Commerce;

/// <summary>The breakdown attributes of one fact: its store, IP country, user agent and landing fields.</summary>
internal sealed record EventAttributes(
    string? StoreId,
    string? Domain,
    string? CountryCode,
    string DeviceType,
    string Browser,
    string? Medium = null,
    string? UtmMedium = null,
    string? ClickIdType = null,
    string? UtmCampaign = null)
{
    /// <summary>The store key of the breakdown: its domain, <c>store N</c> for an id without one, <c>Unknown</c> without either.</summary>
    public string Store => Domain ?? (StoreId is null ? "Unknown" : "store " + StoreId);

    public string Country => CountryCode ?? "(unknown)";

    public string Channel => TrafficChannel.Of(Medium, UtmMedium, ClickIdType);

    public string Campaign => string.IsNullOrEmpty(UtmCampaign) ? "(none)" : UtmCampaign;
}
