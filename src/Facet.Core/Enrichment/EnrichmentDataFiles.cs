namespace Facet.Core.Enrichment;

/// <summary>The data files found by <see cref="EnrichmentData.Locate"/>.</summary>
public sealed record EnrichmentDataFiles(string Directory, IReadOnlyList<string> GeoIpPaths, string UaRegexesPath);
