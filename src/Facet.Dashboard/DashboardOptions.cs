namespace Facet.Dashboard;

/// <summary>Where the dashboard listens. Bound from the "Dashboard" configuration section and the CLI flags.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Address to bind; loopback by default so nothing is exposed unless asked for.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 5080;
}
