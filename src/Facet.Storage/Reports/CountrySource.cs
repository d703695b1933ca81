namespace Facet.Storage.Reports;

/// <summary>Where a view's country comes from in <c>top-countries</c>.</summary>
public enum CountrySource
{
    /// <summary>IP geolocation of the shopper (the default).</summary>
    Ip = 0,

    /// <summary>The country of the store domain's ccTLD (glamira.de → DE).</summary>
    Store,
}
