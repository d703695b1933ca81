namespace Facet.Storage.Reports;

/// <summary>A row of <c>store-views</c>: one store (store id and domain) and its views from the chosen country.</summary>
public sealed record StoreViewRow(string? StoreId, string? Domain, long Views) : ReportRow
{
    public override IReadOnlyList<object?> Values => [StoreId, Domain, Views];
}
