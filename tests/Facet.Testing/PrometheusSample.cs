namespace Facet.Testing;

/// <summary>One parsed sample of a Prometheus scrape: its family (and the family's type), sample name, labels and value.</summary>
public sealed record PrometheusSample(string Family, string Type, string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string? Label(string name) => Labels.GetValueOrDefault(name);
}
