namespace Facet.Storage.Reports;

/// <summary>
/// What the dashboard reads from a warehouse: the reports, KPIs, the pipeline panel and the data version its cache is
/// keyed by. <see cref="ReportService"/> is the implementation; the seam lets a cache sit in front of it and tests count
/// what reaches the warehouse.
/// </summary>
public interface IReportSource
{
    /// <summary>Throws <see cref="ReportWarehouseException"/> when the warehouse cannot be read.</summary>
    Task CheckAsync(CancellationToken cancellationToken = default);

    Task<ReportResult> RunAsync(ReportKind kind, ReportOptions options, CancellationToken cancellationToken = default);

    Task<KpiSnapshot> GetKpisAsync(ReportOptions options, CancellationToken cancellationToken = default);

    Task<PipelineStatus> GetPipelineAsync(CancellationToken cancellationToken = default);

    /// <summary>The Commerce page's KPI cards, stream freshness and picker choices (issue 18).</summary>
    Task<Commerce.CommerceKpis> GetCommerceKpisAsync(Commerce.CommerceKpiQuery query, CancellationToken cancellationToken = default);

    /// <summary>Bad events by the day they arrived, with their reasons (issue 23).</summary>
    Task<BadEventSummary> GetBadEventsAsync(ReportOptions options, CancellationToken cancellationToken = default);

    /// <summary>The arrival day <paramref name="options"/> selects (latest: the last day anything was rejected).</summary>
    Task<DateOnly?> ResolveArrivalDayAsync(ReportOptions options, CancellationToken cancellationToken = default);

    /// <summary>The rejected messages of one arrival day, streamed (the rejects CSV).</summary>
    IAsyncEnumerable<BadEventRecord> ReadBadEventsAsync(ReportOptions options, CancellationToken cancellationToken = default);

    /// <summary>One tiny query: the version of everything the reports read (see <see cref="DataVersion"/>).</summary>
    Task<DataVersion> GetDataVersionAsync(CancellationToken cancellationToken = default);

    /// <summary>Event-time windows (issue 19): the definitions the warehouse holds windows for, with their watermarks.</summary>
    Task<IReadOnlyList<Windows.StoredWindowDefinition>> ListWindowsAsync(CancellationToken cancellationToken = default);

    /// <summary>A definition's published windows starting in [from, to) (null: unbounded), its watermark and late events.</summary>
    Task<Windows.WindowView> ReadWindowsAsync(Windows.WindowDefinition definition, DateTime? fromUtc, DateTime? toUtc, CancellationToken cancellationToken = default);

    /// <summary>Per definition: windows, revisions after the watermark and events beyond the allowed lateness (the dashboard's late panel).</summary>
    Task<IReadOnlyList<Windows.WindowLateSummary>> ReadWindowLateSummaryAsync(CancellationToken cancellationToken = default);
}
