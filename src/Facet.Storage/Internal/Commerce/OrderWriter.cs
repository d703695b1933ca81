using Facet.Core.Commerce;

namespace Facet.Storage.Internal.Commerce;

/// <summary>
/// The <c>transactions</c> stream → fact_order (one row per order: the header's measures at their own grain) and
/// fact_order_line (one row per line, key (order_id, line_number), line_number from 1 in the record's order). An
/// order whose id is stored is a duplicate, lines and all. Its customer and products get inferred members when they
/// have not arrived yet, so no order is ever dropped for a missing dimension member.
/// </summary>
internal sealed class OrderWriter(WarehouseBase warehouse) : CommerceStreamWriter<Order>(warehouse)
{
    private const int OrderColumns = 21;
    private const int LineColumns = 14;

    public override string Stream => CommerceTopics.Transactions;

    protected override string Key(Order record) => record.OrderId;

    protected override DateTimeOffset? EventTime(Order record) => record.CreatedAt;

    protected override (string Id, DateTime? At)? ProbeKey(Order record, DateTime nowUtc) => (record.OrderId, null);

    protected override async Task<long> WriteRowsAsync(BatchTransaction transaction, List<Order> rows, DateTime nowUtc, CancellationToken ct)
    {
        var lines = new List<(Order Order, int Number, int DateKey)>(rows.Count);
        foreach (var o in rows)
        {
            var dateKey = DateKey(o.CreatedAt);
            for (var i = 0; i < o.Lines.Count; i++)
            {
                lines.Add((o, i + 1, dateKey));
            }
        }

        await transaction.StageAsync("stage_orders", OrderColumns, rows, (w, o) =>
        {
            w.Text(o.OrderId);
            w.Text(o.CustomerId);
            w.Text(o.SessionId);
            w.Timestamp(o.CreatedAt.UtcDateTime);
            w.Int(DateKey(o.CreatedAt));
            w.Text(CommerceText.Of(o.Status));
            w.Text(CommerceText.Of(o.PaymentMethod));
            w.Text(CommerceText.Of(o.PaymentStatus));
            w.Text(o.Currency);
            w.Int(o.Lines.Count);
            w.Decimal(o.LinesSubtotal);
            w.Text(o.PromoCode);
            w.Decimal(o.PromoAmount);
            w.Decimal(o.ShipmentFee);
            w.TimestampOrNull(o.ShipmentDueAt?.UtcDateTime);
            w.Double(o.ShipmentLatitude);
            w.Double(o.ShipmentLongitude);
            w.Decimal(o.TotalAmount);
            w.Decimal(o.ExpectedTotal);
            w.Bool(o.TotalMismatch);
            w.Timestamp(nowUtc);
        }, ct);
        await transaction.StageAsync("stage_order_lines", LineColumns, lines, (w, l) =>
        {
            var (o, number, dateKey) = l;
            var line = o.Lines[number - 1];
            w.Text(o.OrderId);
            w.Int(number);
            w.Text(o.CustomerId);
            w.Text(line.ProductId);
            w.Timestamp(o.CreatedAt.UtcDateTime);
            w.Int(dateKey);
            w.Int(line.Quantity);
            w.Decimal(line.ItemPrice);
            w.Decimal(line.Amount);
            w.Text(o.Currency);
            w.Text(CommerceText.Of(o.Status));
            w.Text(CommerceText.Of(o.PaymentMethod));
            w.Text(CommerceText.Of(o.PaymentStatus));
            w.Timestamp(nowUtc);
        }, ct);
        return await transaction.RunScriptAsync("write_orders", ct);
    }
}
