using Facet.Core.Commerce;

namespace Facet.Storage.Internal.Commerce;

/// <summary>The <c>user_interactions</c> stream → fact_user_interaction (one row per interaction_id; the rating's stars as a value).</summary>
internal sealed class UserInteractionWriter(WarehouseBase warehouse) : CommerceStreamWriter<UserInteraction>(warehouse)
{
    private const int Columns = 10;

    public override string Stream => CommerceTopics.UserInteractions;

    protected override string Key(UserInteraction record) => record.InteractionId;

    protected override DateTimeOffset? EventTime(UserInteraction record) => record.OccurredAt;

    protected override async Task<long> WriteRowsAsync(BatchTransaction transaction, List<UserInteraction> rows, DateTime nowUtc, CancellationToken ct)
    {
        await transaction.StageAsync("stage_user_interactions", Columns, rows, (w, i) =>
        {
            w.Text(i.InteractionId);
            w.Text(i.CustomerId);
            w.Text(i.ProductId);
            w.Timestamp(i.OccurredAt.UtcDateTime);
            w.Int(DateKey(i.OccurredAt));
            w.Text(CommerceText.Of(i.Type));
            w.Int(i.Rating);
            w.Text(i.ReviewText);
            w.Text(i.Details);
            w.Timestamp(nowUtc);
        }, ct);
        return await transaction.RunScriptAsync("write_user_interactions", ct);
    }
}
