using Facet.Core.Enrichment;

namespace Facet.Core.Tests.Enrichment;

/// <summary>The real data installed by the build (build/data/node_modules), shared by the enrichment tests.</summary>
internal static class EnrichmentTestData
{
    private static readonly Lazy<EnrichmentDataFiles> LazyFiles = new(() => EnrichmentData.Locate());
    private static readonly Lazy<UserAgentParser> LazyParser = new(() => UserAgentParser.Load(Files.UaRegexesPath, 1_000, UaRegexCompilation.Interpreted));
    private static readonly Lazy<ReloadingIpGeolocator> LazyGeo = new(() => IpGeolocator.Open(Files.GeoIpPaths, 1_000, watch: false));

    public static EnrichmentDataFiles Files => LazyFiles.Value;

    public static UserAgentParser Parser => LazyParser.Value;

    public static IpGeolocator Geo => LazyGeo.Value;
}
