namespace Facet.Storage.Reports;

/// <summary>A row of <c>top-referrers</c>; <see cref="Medium"/> is "internal" for the shop's own domains.</summary>
public sealed record TopReferrerRow(int Rank, string Referrer, string Medium, long Views) : ReportRow
{
    public bool IsInternal => Medium == "internal";

    public override IReadOnlyList<object?> Values => [Rank, Referrer, Medium, Views];
}
