namespace Facet.Storage.Reports.Commerce;

/// <summary>A row of <c>conversion</c>: devices that viewed, those of them that also ordered, and the ratio.</summary>
public sealed record ConversionRow(string Key, long Viewers, long Buyers, double ConversionRate) : ReportRow
{
    public override IReadOnlyList<object?> Values => [Key, Viewers, Buyers, ConversionRate];
}
