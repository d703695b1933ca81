using System.Net;
using System.Net.Sockets;
using Facet.Core.Enrichment.Internal;
using MaxMind.Db;

namespace Facet.Core.Enrichment;

/// <summary>
/// Reads a MaxMind DB (<c>.mmdb</c>) file, memory-mapped, in either schema: DB-IP/ip-location-db City
/// (<c>country_code, state1, state2, city, latitude, longitude</c>, coordinates stored as float) or MaxMind
/// GeoLite2/GeoIP2 City (<c>country.iso_code, subdivisions[].names.en, city.names.en, location</c>).
/// </summary>
public sealed class MmdbIpGeolocator : IpGeolocator
{
    private readonly Reader _reader;
    private readonly bool _maxMindSchema;
    private readonly bool _ipv4Only;

    private MmdbIpGeolocator(Reader reader, string path)
    {
        _reader = reader;
        Path = path;
        DatabaseType = reader.Metadata.DatabaseType;
        _maxMindSchema = DatabaseType.Contains("GeoIP2", StringComparison.OrdinalIgnoreCase)
            || DatabaseType.Contains("GeoLite2", StringComparison.OrdinalIgnoreCase);
        _ipv4Only = reader.Metadata.IPVersion == 4;
    }

    public string Path { get; }

    /// <summary>The file's <c>database_type</c> metadata, e.g. "city ipv4" (DB-IP via ip-location-db) or "GeoLite2-City".</summary>
    public string DatabaseType { get; }

    /// <summary>True when the file uses MaxMind's GeoIP2/GeoLite2 City schema rather than ip-location-db's flat one.</summary>
    public bool IsMaxMindSchema => _maxMindSchema;

    public static MmdbIpGeolocator Open(string path)
    {
        try
        {
            return new MmdbIpGeolocator(new Reader(path, FileAccessMode.MemoryMapped), path);
        }
        catch (Exception ex) when (ex is InvalidDatabaseException or IOException or UnauthorizedAccessException)
        {
            throw new EnrichmentDataException($"'{path}' is not a readable MaxMind DB (.mmdb) file ({ex.Message}): pass a DB-IP or MaxMind City .mmdb, or an IP2Location .BIN, to --geoip.", ex);
        }
    }

    protected override GeoLocation LocatePublic(IPAddress address)
    {
        if (_ipv4Only && address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            return NotFound;
        }

        if (_maxMindSchema)
        {
            var city = _reader.Find<MaxMindCityRecord>(address);
            var code = city?.Country?.IsoCode ?? city?.RegisteredCountry?.IsoCode;
            if (city is null || code is null)
            {
                return NotFound;
            }

            return new GeoLocation(code, CountryNames.English(code) ?? city.Country?.EnglishName, city.FirstSubdivision, city.City?.EnglishName)
            {
                Latitude = city.Location?.Latitude is { } lat ? (float)lat : null,
                Longitude = city.Location?.Longitude is { } lon ? (float)lon : null,
            };
        }

        var record = _reader.Find<DbIpCityRecord>(address);
        if (record?.CountryCode is not { Length: 2 } country)
        {
            return NotFound;
        }

        return new GeoLocation(country, CountryNames.English(country), NullIfEmpty(record.State1), NullIfEmpty(record.City))
        {
            Latitude = record.Latitude,
            Longitude = record.Longitude,
        };
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _reader.Dispose();
        }
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    internal sealed class DbIpCityRecord
    {
        [Constructor]
        public DbIpCityRecord(
            [MapKey("country_code")] string? countryCode,
            [MapKey("state1")] string? state1,
            [MapKey("city")] string? city,
            [MapKey("latitude")] float? latitude,
            [MapKey("longitude")] float? longitude)
        {
            CountryCode = countryCode;
            State1 = state1;
            City = city;
            Latitude = latitude;
            Longitude = longitude;
        }

        public string? CountryCode { get; }
        public string? State1 { get; }
        public string? City { get; }
        public float? Latitude { get; }
        public float? Longitude { get; }
    }

    internal sealed class MaxMindCityRecord
    {
        [Constructor]
        public MaxMindCityRecord(
            [MapKey("country")] MaxMindNamed? country,
            [MapKey("registered_country")] MaxMindNamed? registeredCountry,
            [MapKey("subdivisions")] List<MaxMindNamed>? subdivisions,
            [MapKey("city")] MaxMindNamed? city,
            [MapKey("location")] MaxMindLocation? location)
        {
            Country = country;
            RegisteredCountry = registeredCountry;
            FirstSubdivision = subdivisions is { Count: > 0 } ? subdivisions[0].EnglishName : null;
            City = city;
            Location = location;
        }

        public MaxMindNamed? Country { get; }
        public MaxMindNamed? RegisteredCountry { get; }
        public string? FirstSubdivision { get; }
        public MaxMindNamed? City { get; }
        public MaxMindLocation? Location { get; }
    }

    internal sealed class MaxMindNamed
    {
        [Constructor]
        public MaxMindNamed([MapKey("iso_code")] string? isoCode, [MapKey("names")] Dictionary<string, string>? names)
        {
            IsoCode = isoCode;
            EnglishName = names is not null && names.TryGetValue("en", out var en) ? en : null;
        }

        public string? IsoCode { get; }
        public string? EnglishName { get; }
    }

    internal sealed class MaxMindLocation
    {
        [Constructor]
        public MaxMindLocation([MapKey("latitude")] double? latitude, [MapKey("longitude")] double? longitude)
        {
            Latitude = latitude;
            Longitude = longitude;
        }

        public double? Latitude { get; }
        public double? Longitude { get; }
    }
}
