namespace Facet.Storage.Reports.Commerce;

/// <summary>A row of <c>conversion</c>: sessions that started in the period, those with an order, and the ratio.</summary>
public sealed record ConversionRow(string Key, long Sessions, long SessionsWithOrder, double ConversionRate) : ReportRow
{
    public override IReadOnlyList<object?> Values => [Key, Sessions, SessionsWithOrder, ConversionRate];
}
