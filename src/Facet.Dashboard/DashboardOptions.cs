namespace Facet.Dashboard;

/// <summary>Where the dashboard listens and how it reports. Bound from the "Dashboard" configuration section and the CLI flags.</summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Address to bind; loopback by default so nothing is exposed unless asked for.</summary>
    public string Bind { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one.</summary>
    public int Port { get; set; } = 5080;

    /// <summary>IANA time zone of the page's days and hours, unless a request names another (tz=…).</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How often <c>/api/live</c> pushes a fresh snapshot.</summary>
    public TimeSpan LiveInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Collections that count as a view.</summary>
    public IReadOnlyList<string> ViewCollections { get; set; } = [Facet.Storage.Reports.ReportOptions.DefaultViewCollection];
}
