namespace Facet.Storage.Reports;

/// <summary>A row of <c>top-products</c>.</summary>
public sealed record TopProductRow(int Rank, string ProductId, string? ProductName, long Views) : ReportRow
{
    public override IReadOnlyList<object?> Values => [Rank, ProductId, ProductName, Views];
}
