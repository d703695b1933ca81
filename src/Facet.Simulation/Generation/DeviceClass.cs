namespace Facet.Simulation.Generation;

/// <summary>The kind of device a generated session uses (drives its user agent and screen resolution).</summary>
public enum DeviceClass
{
    Desktop,
    Mobile,
    Tablet,
    Crawler,
}
