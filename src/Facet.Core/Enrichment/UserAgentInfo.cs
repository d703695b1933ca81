namespace Facet.Core.Enrichment;

/// <summary>
/// A parsed user agent as the uap-core specification defines it (families default to "Other"), plus the
/// derived <see cref="DeviceType"/> and <see cref="IsBot"/>. Versions are "major[.minor[.patch]]" or null.
/// </summary>
public sealed record UserAgentInfo(
    string Browser,
    string? BrowserVersion,
    string Os,
    string? OsVersion,
    string DeviceFamily,
    string? DeviceBrand,
    string? DeviceModel,
    DeviceType DeviceType,
    bool IsBot)
{
    /// <summary>The browser's major version alone (e.g. "120"), for grouping.</summary>
    public string? BrowserMajor { get; init; }

    /// <summary>The OS major version alone (e.g. "17").</summary>
    public string? OsMajor { get; init; }

    public static readonly UserAgentInfo Unknown = new("Other", null, "Other", null, "Other", null, null, DeviceType.Other, false);
}
