using Facet.Core.Commerce;

namespace Facet.Storage.Internal.Commerce;

/// <summary>The <c>product_views</c> stream → fact_product_view (one row per view_id, with its duration in seconds).</summary>
internal sealed class ProductViewWriter(WarehouseBase warehouse) : CommerceStreamWriter<ProductView>(warehouse)
{
    private const int Columns = 8;

    public override string Stream => CommerceTopics.ProductViews;

    protected override string Key(ProductView record) => record.ViewId;

    protected override DateTimeOffset? EventTime(ProductView record) => record.ViewedAt;

    protected override (string Id, DateTime? At)? ProbeKey(ProductView record, DateTime nowUtc) => (record.ViewId, null);

    protected override async Task<long> WriteRowsAsync(BatchTransaction transaction, List<ProductView> rows, DateTime nowUtc, CancellationToken ct)
    {
        await transaction.StageAsync("stage_product_views", Columns, rows, (w, v) =>
        {
            w.Text(v.ViewId);
            w.Text(v.CustomerId);
            w.Text(v.ProductId);
            w.Text(v.SessionId);
            w.Timestamp(v.ViewedAt.UtcDateTime);
            w.Int(DateKey(v.ViewedAt));
            w.Double(v.ViewDurationSeconds);
            w.Timestamp(nowUtc);
        }, ct);
        return await transaction.RunScriptAsync("write_product_views", ct);
    }
}
