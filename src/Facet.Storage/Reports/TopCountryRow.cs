namespace Facet.Storage.Reports;

/// <summary>A row of <c>top-countries</c>.</summary>
public sealed record TopCountryRow(int Rank, string CountryCode, string CountryName, long Views) : ReportRow
{
    public override IReadOnlyList<object?> Values => [Rank, CountryCode, CountryName, Views];
}
