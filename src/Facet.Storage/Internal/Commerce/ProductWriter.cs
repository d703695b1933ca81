using Facet.Core.Commerce;

namespace Facet.Storage.Internal.Commerce;

/// <summary>
/// The <c>products</c> stream. Descriptive attributes (name, category, …, supplier) are type 1 in dim_commerce_product
/// (the newest version wins); price, currency, stock and rating are type 2 in dim_commerce_product_version, one row per
/// (product_id, valid_from) with valid_to = the next version's valid_from, recomputed for the batch's products so a
/// version that arrives late slots in between. valid_from is the record's updated_at, else the time it was loaded.
/// A record whose (product_id, valid_from) is stored is a duplicate.
/// </summary>
internal sealed class ProductWriter(WarehouseBase warehouse) : CommerceStreamWriter<Product>(warehouse)
{
    private const int Columns = 18;

    public override string Stream => CommerceTopics.Products;

    // Without updated_at the version is "as loaded", so two such records in one batch are one version (the first).
    protected override string Key(Product record) =>
        record.UpdatedAt is { } t ? string.Concat(record.ProductId, "\n", t.UtcTicks.ToString("D19", System.Globalization.CultureInfo.InvariantCulture)) : record.ProductId + "\n";

    protected override DateTimeOffset? EventTime(Product record) => null;

    // Stored as (product_id, valid_from), valid_from = updated_at or the load time (as WriteRowsAsync stages it).
    protected override (string Id, DateTime? At)? ProbeKey(Product record, DateTime nowUtc) => (record.ProductId, record.UpdatedAt?.UtcDateTime ?? nowUtc);

    protected override async Task<long> WriteRowsAsync(BatchTransaction transaction, List<Product> rows, DateTime nowUtc, CancellationToken ct)
    {
        await transaction.StageAsync("stage_products", Columns, rows, (w, p) =>
        {
            var validFrom = p.UpdatedAt?.UtcDateTime ?? nowUtc;
            w.Text(p.ProductId);
            w.Text(p.Name);
            w.Text(p.Category);
            w.Text(p.SubCategory);
            w.Text(p.ArticleType);
            w.Text(p.Gender);
            w.Text(p.BaseColour);
            w.Text(p.Season);
            w.Int(p.Year);
            w.Text(p.Usage);
            w.Text(p.Supplier);
            w.Decimal(p.Price);
            w.Text(p.Currency);
            w.Int(p.StockQuantity);
            w.Decimal(p.Rating);
            w.Timestamp(validFrom);
            w.Long(validFrom.Ticks);
            w.Timestamp(nowUtc);
        }, ct);
        return await transaction.RunScriptAsync("write_products", ct);
    }
}
