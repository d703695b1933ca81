namespace Facet.Core.Enrichment;

/// <summary>
/// Where an IP address is. All fields null and <see cref="UnknownReason"/> set when the address is private,
/// reserved, unparsable or not in the database.
/// </summary>
public sealed record GeoLocation(
    string? CountryCode,
    string? CountryName,
    string? Region,
    string? City,
    string? UnknownReason = null)
{
    /// <summary>Latitude in degrees when the database has one (DB-IP stores it as a float).</summary>
    public float? Latitude { get; init; }

    /// <summary>Longitude in degrees when the database has one.</summary>
    public float? Longitude { get; init; }

    public bool IsKnown => CountryCode is not null;

    public static GeoLocation Unknown(string reason) => new(null, null, null, null, reason);
}
