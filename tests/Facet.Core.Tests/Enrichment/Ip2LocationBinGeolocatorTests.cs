using Facet.Core.Enrichment;
using Facet.Testing;
using static Facet.Core.Tests.Enrichment.Ip2LocationBinFile;

namespace Facet.Core.Tests.Enrichment;

public sealed class Ip2LocationBinGeolocatorTests
{
    private static readonly BinRange[] V4 =
    [
        new(0, "-", "-", "-", "-"),
        new(V4("1.0.0.0"), "AU", "Australia", "Queensland", "Brisbane"),
        new(V4("1.0.1.0"), "CN", "China", "Fujian", "Fuzhou"),
        new(V4("5.0.0.0"), "DE", "Germany", "Bayern", "M\u00fcnchen"),
        new(V4("5.1.0.0"), "-", "-", "-", "-"),
        new(V4("80.0.0.0"), "GB", "United Kingdom of Great Britain and Northern Ireland", "England", "London"),
        new(V4("81.0.0.0"), "-", "-", "-", "-"),
    ];

    private static readonly BinRange6[] V6 =
    [
        new(0, "-", "-", "-", "-"),
        new((UInt128)0x2a00_1450UL << 96, "IE", "Ireland", "Dublin", "Dublin"),
        new((UInt128)0x2a00_1451UL << 96, "-", "-", "-", "-"),
    ];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Locate_reads_country_region_and_city_from_a_DB3_file_built_per_the_format(bool withIndex)
    {
        using var dir = new TempDirectory();
        var path = dir.File("IP2LOCATION-LITE-DB3.BIN");
        File.WriteAllBytes(path, BuildDb3(V4, V6, withIndex));
        using var geo = (Ip2LocationBinGeolocator)IpGeolocator.OpenFile(path);

        Assert.Equal(3, geo.DatabaseType);
        Assert.Equal(new DateOnly(2024, 11, 1), geo.DatabaseDate);
        Assert.Equal(("AU", "Australia", "Queensland", "Brisbane"), Fields(geo.Locate("1.0.0.0")));
        Assert.Equal(("AU", "Australia", "Queensland", "Brisbane"), Fields(geo.Locate("1.0.0.255")));
        Assert.Equal(("CN", "China", "Fujian", "Fuzhou"), Fields(geo.Locate("1.0.1.0")));
        Assert.Equal(("DE", "Germany", "Bayern", "M\u00fcnchen"), Fields(geo.Locate("5.0.255.255")));
        Assert.Equal(("GB", "United Kingdom", "England", "London"), Fields(geo.Locate("80.1.2.3"))); // English name from RegionInfo
        Assert.Equal(("IE", "Ireland", "Dublin", "Dublin"), Fields(geo.Locate("2a00:1450:4001:82a::200e")));
        Assert.Equal(IpUnknownReasons.NotFound, geo.Locate("5.1.0.0").UnknownReason); // "-" rows
        Assert.Equal(IpUnknownReasons.NotFound, geo.Locate("200.1.1.1").UnknownReason);
        Assert.Equal(IpUnknownReasons.NotFound, geo.Locate("2a00:1451::1").UnknownReason);
        Assert.Equal(IpUnknownReasons.Private, geo.Locate("10.0.0.1").UnknownReason);
    }

    [Fact]
    public void Open_rejects_a_file_that_is_not_an_IP2Location_database_with_a_one_line_message()
    {
        using var dir = new TempDirectory();
        var path = dir.File("garbage.BIN");
        File.WriteAllBytes(path, new byte[10]);
        var ex = Assert.Throws<EnrichmentDataException>(() => IpGeolocator.OpenFile(path));
        Assert.Contains("not an IP2Location", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reloading_geolocator_swaps_in_a_replaced_file_without_a_restart()
    {
        using var dir = new TempDirectory();
        var path = dir.File("geo.BIN");
        File.WriteAllBytes(path, BuildDb3(V4, [], withIndex: false));
        using var geo = IpGeolocator.Open([path], cacheSize: 100, watch: true);
        Assert.Equal("DE", geo.Locate("5.0.0.1").CountryCode);

        // Replace by rename, as a database updater should: 5.0.0.0/16 moves to France.
        var moved = V4.Select(r => r.CountryCode == "DE" ? r with { CountryCode = "FR", CountryName = "France", Region = "\u00CEle-de-France", City = "Paris" } : r).ToArray();
        File.WriteAllBytes(path + ".tmp", BuildDb3(moved, V6, withIndex: true));
        File.Move(path + ".tmp", path, overwrite: true);

        await Eventually.Until(() => Task.FromResult(geo.Locate("5.0.0.1").CountryCode), c => c == "FR", TimeSpan.FromSeconds(20), "the watcher to reload the replaced file");
        Assert.Equal("Paris", geo.Locate("5.0.0.1").City);
        Assert.True(geo.ReloadCount >= 1);
    }

    [Fact]
    public void ReloadIfChanged_reopens_only_when_the_file_changed_and_clears_the_cache()
    {
        using var dir = new TempDirectory();
        var path = dir.File("geo.BIN");
        File.WriteAllBytes(path, BuildDb3(V4, [], withIndex: false));
        using var geo = IpGeolocator.Open([path], cacheSize: 100, watch: false);
        Assert.Equal("GB", geo.Locate("80.0.0.1").CountryCode);
        Assert.False(geo.ReloadIfChanged());

        var moved = V4.Select(r => r.CountryCode == "GB" ? r with { CountryCode = "IE", CountryName = "Ireland", Region = "Leinster", City = "Dublin" } : r).ToArray();
        File.WriteAllBytes(path + ".tmp", BuildDb3(moved, V6, withIndex: false));
        File.Move(path + ".tmp", path, overwrite: true);

        Assert.True(geo.ReloadIfChanged());
        Assert.Equal("IE", geo.Locate("80.0.0.1").CountryCode);
        Assert.Equal(1, geo.ReloadCount);
    }

    [Fact]
    public void A_broken_replacement_keeps_the_previous_database_in_use()
    {
        using var dir = new TempDirectory();
        var path = dir.File("geo.BIN");
        File.WriteAllBytes(path, BuildDb3(V4, [], withIndex: false));
        using var geo = IpGeolocator.Open([path], cacheSize: 100, watch: false);
        Exception? failure = null;
        geo.ReloadFailed += ex => failure = ex;
        File.WriteAllBytes(path, new byte[5]);

        Assert.False(geo.ReloadIfChanged());
        Assert.NotNull(failure);
        Assert.Equal("DE", geo.Locate("5.0.0.2").CountryCode);
    }

    private static (string?, string?, string?, string?) Fields(GeoLocation l) => (l.CountryCode, l.CountryName, l.Region, l.City);
}
