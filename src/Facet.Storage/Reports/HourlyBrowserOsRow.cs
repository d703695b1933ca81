namespace Facet.Storage.Reports;

/// <summary>A row of <c>hourly-browser-os</c>: local hour, browser family, OS family and views.</summary>
public sealed record HourlyBrowserOsRow(int Hour, string Browser, string Os, long Views) : ReportRow
{
    public override IReadOnlyList<object?> Values => [Hour, Browser, Os, Views];
}
