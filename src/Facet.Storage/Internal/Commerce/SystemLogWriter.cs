using Facet.Core.Commerce;

namespace Facet.Storage.Internal.Commerce;

/// <summary>The <c>system_logs</c> stream → fact_system_log (one row per log_id: time, level, service, message).</summary>
internal sealed class SystemLogWriter(WarehouseBase warehouse) : CommerceStreamWriter<SystemLogEntry>(warehouse)
{
    private const int Columns = 7;

    public override string Stream => CommerceTopics.SystemLogs;

    protected override string Key(SystemLogEntry record) => record.LogId;

    protected override DateTimeOffset? EventTime(SystemLogEntry record) => record.LoggedAt;

    protected override async Task<long> WriteRowsAsync(BatchTransaction transaction, List<SystemLogEntry> rows, DateTime nowUtc, CancellationToken ct)
    {
        await transaction.StageAsync("stage_system_logs", Columns, rows, (w, l) =>
        {
            w.Text(l.LogId);
            w.Timestamp(l.LoggedAt.UtcDateTime);
            w.Int(DateKey(l.LoggedAt));
            w.Text(CommerceText.Of(l.Level));
            w.Text(l.Service);
            w.Text(l.Message);
            w.Timestamp(nowUtc);
        }, ct);
        return await transaction.RunScriptAsync("write_system_logs", ct);
    }
}
