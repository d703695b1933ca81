namespace Facet.Storage.Reports.Commerce;

/// <summary>
/// A row of <c>funnel</c>: one step for one breakdown value. <see cref="Converted"/>, <see cref="DropOff"/> and
/// <see cref="MedianSecondsToConvert"/> describe the move to the next step (null on the last step).
/// </summary>
public sealed record FunnelRow(string Key, int Step, string Name, long Entered, long? Converted, long? DropOff, double ConversionFromFirst, double? MedianSecondsToConvert) : ReportRow
{
    public override IReadOnlyList<object?> Values => [Key, Step, Name, Entered, Converted, DropOff, ConversionFromFirst, MedianSecondsToConvert];
}
