namespace Facet.Storage.Reports;

/// <summary>A row of <c>hourly-product-views</c>: local hour 0–23 and its views (zero when none).</summary>
public sealed record HourlyViewRow(int Hour, long Views) : ReportRow
{
    public override IReadOnlyList<object?> Values => [Hour, Views];
}
