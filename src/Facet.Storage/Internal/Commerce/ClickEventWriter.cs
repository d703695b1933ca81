using Facet.Core.Commerce;

namespace Facet.Storage.Internal.Commerce;

/// <summary>
/// The <c>click_stream</c> stream (Shape B's session events) → fact_click_event, one row per event_id with its session
/// id; the typed metadata keys are columns, the other keys one JSON text.
/// </summary>
internal sealed class ClickEventWriter(WarehouseBase warehouse) : CommerceStreamWriter<ClickEvent>(warehouse)
{
    private const int Columns = 16;

    public override string Stream => CommerceTopics.ClickStream;

    protected override string Key(ClickEvent record) => record.EventId;

    protected override DateTimeOffset? EventTime(ClickEvent record) => record.EventTime;

    protected override (string Id, DateTime? At)? ProbeKey(ClickEvent record, DateTime nowUtc) => (record.EventId, null);

    protected override async Task<long> WriteRowsAsync(BatchTransaction transaction, List<ClickEvent> rows, DateTime nowUtc, CancellationToken ct)
    {
        await transaction.StageAsync("stage_click_events", Columns, rows, (w, e) =>
        {
            var m = e.Metadata;
            w.Text(e.EventId);
            w.Text(e.SessionId);
            w.Text(e.CustomerId);
            w.Text(CommerceText.Of(e.EventName));
            w.Timestamp(e.EventTime.UtcDateTime);
            w.Int(DateKey(e.EventTime));
            w.Text(e.TrafficSource);
            w.Text(m?.ProductId);
            w.Int(m?.Quantity);
            w.Decimal(m?.ItemPrice);
            w.Text(CommerceText.Of(m?.PaymentStatus));
            w.Text(m?.SearchKeywords);
            w.Text(m?.PromoCode);
            w.Decimal(m?.PromoAmount);
            w.Text(m?.OtherJson);
            w.Timestamp(nowUtc);
        }, ct);
        return await transaction.RunScriptAsync("write_click_events", ct);
    }
}
