using Facet.Core.Enrichment;
using Facet.Simulation.Generation;

namespace Facet.Simulation.Tests.Generation;

/// <summary>The country networks of the IPv4 database the build installs, probed once for all generator tests.</summary>
public sealed class GeneratorFixture
{
    public static readonly DateTimeOffset Start = new(2026, 11, 20, 22, 0, 0, TimeSpan.Zero);

    public GeneratorFixture()
    {
        DatabasePath = EnrichmentData.Locate().GeoIpPaths[0];
        Networks = CountryNetworks.Load(DatabasePath);
    }

    public string DatabasePath { get; }

    public CountryNetworks Networks { get; }

    public EventGenerator Create(GeneratorOptions options) => new(options, Networks);

    public static GeneratorOptions Options(long seed = 42) => new() { Seed = seed, Start = Start };
}

[CollectionDefinition(Name)]
public sealed class GeneratorCollection : ICollectionFixture<GeneratorFixture>
{
    public const string Name = "generator";
}
