namespace Facet.Core.Enrichment;

/// <summary>Coarse device class derived from the uap-core device and OS results.</summary>
public enum DeviceType
{
    Other = 0,
    Desktop,
    Mobile,
    Tablet,
    Bot,
}
