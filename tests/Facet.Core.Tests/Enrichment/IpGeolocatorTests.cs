using Facet.Core.Enrichment;

namespace Facet.Core.Tests.Enrichment;

public sealed class IpGeolocatorTests
{
    // Locations as the shipped DB-IP City Lite database (build/data) records them, checked with 'facet inspect ip'.
    [Theory]
    [InlineData("8.8.8.8", "US", "United States", "California")] // Google Public DNS
    [InlineData("1.1.1.1", "AU", "Australia", "New South Wales")] // Cloudflare/APNIC
    [InlineData("9.9.9.9", "US", "United States", "California")] // Quad9
    [InlineData("208.67.222.222", "US", "United States", "California")] // OpenDNS
    [InlineData("81.169.145.105", "DE", "Germany", "Berlin")] // Strato
    [InlineData("212.58.244.20", "GB", "United Kingdom", "England")] // BBC
    [InlineData("17.253.144.10", "US", "United States", "California")] // Apple
    [InlineData("2a03:2880:f003:c07:face:b00c::2", "US", "United States", "Virginia")] // Meta, IPv6 file
    [InlineData("::ffff:8.8.8.8", "US", "United States", "California")] // IPv4-mapped IPv6
    [InlineData(" 8.8.8.8 ", "US", "United States", "California")]
    [InlineData("8.8.8.8, 10.0.0.1", "US", "United States", "California")] // X-Forwarded-For: first hop
    [InlineData("[2a03:2880:f003:c07:face:b00c::2]:443", "US", "United States", "Virginia")]
    public void Locate_finds_public_addresses_in_the_DB_IP_database(string ip, string country, string name, string region)
    {
        var location = EnrichmentTestData.Geo.Locate(ip);
        Assert.Equal((country, name, region, (string?)null), (location.CountryCode, location.CountryName, location.Region, location.UnknownReason));
        Assert.NotNull(location.City);
        Assert.NotNull(location.Latitude);
    }

    [Theory]
    [InlineData("10.1.2.3", IpUnknownReasons.Private)]
    [InlineData("172.16.0.1", IpUnknownReasons.Private)]
    [InlineData("172.31.255.255", IpUnknownReasons.Private)]
    [InlineData("192.168.1.1", IpUnknownReasons.Private)]
    [InlineData("fd12:3456::1", IpUnknownReasons.Private)]
    [InlineData("127.0.0.1", IpUnknownReasons.Loopback)]
    [InlineData("::1", IpUnknownReasons.Loopback)]
    [InlineData("169.254.10.20", IpUnknownReasons.LinkLocal)]
    [InlineData("fe80::1%eth0", IpUnknownReasons.LinkLocal)]
    [InlineData("fe80::1%2", IpUnknownReasons.LinkLocal)]
    [InlineData("100.64.0.1", IpUnknownReasons.SharedAddressSpace)]
    [InlineData("100.127.255.254", IpUnknownReasons.SharedAddressSpace)]
    [InlineData("224.0.0.1", IpUnknownReasons.Multicast)]
    [InlineData("ff02::1", IpUnknownReasons.Multicast)]
    [InlineData("0.0.0.0", IpUnknownReasons.Unspecified)]
    [InlineData("::", IpUnknownReasons.Unspecified)]
    [InlineData("192.0.2.1", IpUnknownReasons.Reserved)]
    [InlineData("198.51.100.7", IpUnknownReasons.Reserved)]
    [InlineData("203.0.113.9", IpUnknownReasons.Reserved)]
    [InlineData("240.0.0.1", IpUnknownReasons.Reserved)]
    [InlineData("255.255.255.255", IpUnknownReasons.Reserved)]
    [InlineData("2001:db8::1", IpUnknownReasons.Reserved)]
    [InlineData("not an ip", IpUnknownReasons.Unparsable)]
    [InlineData("1.2", IpUnknownReasons.Unparsable)]
    [InlineData("256.1.1.1", IpUnknownReasons.Unparsable)]
    [InlineData("", IpUnknownReasons.Empty)]
    [InlineData(null, IpUnknownReasons.Empty)]
    public void Locate_answers_Unknown_with_a_reason_for_addresses_no_database_can_place(string? ip, string reason)
    {
        var location = EnrichmentTestData.Geo.Locate(ip);
        Assert.False(location.IsKnown);
        Assert.Equal(reason, location.UnknownReason);
        Assert.Null(location.CountryName);
    }

    [Fact]
    public void Locate_treats_addresses_just_outside_special_ranges_as_public()
    {
        Assert.True(EnrichmentTestData.Geo.Locate("172.32.0.1").UnknownReason != IpUnknownReasons.Private);
        Assert.True(EnrichmentTestData.Geo.Locate("100.128.0.1").UnknownReason != IpUnknownReasons.SharedAddressSpace);
    }

    [Fact]
    public void OpenFile_reads_the_DB_IP_files_with_their_flat_schema()
    {
        using var v4 = (MmdbIpGeolocator)IpGeolocator.OpenFile(EnrichmentTestData.Files.GeoIpPaths[0]);
        Assert.False(v4.IsMaxMindSchema);
        Assert.Equal("DE", v4.Locate("81.169.145.105").CountryCode);
        Assert.Equal(IpUnknownReasons.NotFound, v4.Locate("2a03:2880:f003:c07:face:b00c::2").UnknownReason); // IPv4-only file
    }

    [Fact]
    public void Addresses_with_one_location_share_one_instance_behind_the_cache()
    {
        // Neighbours in one DB-IP range: the reader makes an equal location for each, the cache keeps one of them.
        using var raw = IpGeolocator.OpenFile(EnrichmentTestData.Files.GeoIpPaths[0]);
        var (first, second) = (raw.Locate("81.169.145.105"), raw.Locate("81.169.145.106"));
        Assert.Equal(first, second);
        Assert.NotSame(first, second);

        using var cached = IpGeolocator.Open(EnrichmentTestData.Files.GeoIpPaths, 1_000, watch: false);
        var shared = cached.Locate("81.169.145.105");
        Assert.Equal(first, shared);
        Assert.Same(shared, cached.Locate("81.169.145.106"));
        Assert.NotSame(shared, cached.Locate("8.8.8.8"));
    }

    [Fact]
    public void OpenFile_names_the_fix_when_the_file_is_missing()
    {
        var ex = Assert.Throws<EnrichmentDataException>(() => IpGeolocator.OpenFile("/nonexistent/x.mmdb"));
        Assert.Contains("--geoip", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }
}
