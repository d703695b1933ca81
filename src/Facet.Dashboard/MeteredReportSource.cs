using System.Diagnostics;
using Facet.Storage.Reports;

namespace Facet.Dashboard;

/// <summary>
/// The warehouse side of the report cache: every call that reaches the warehouse is counted (and reports are timed)
/// into <see cref="DashboardMetrics"/>, so /metrics shows how many reads the cache let through.
/// </summary>
internal sealed class MeteredReportSource(IReportSource inner, DashboardMetrics metrics) : IReportSource
{
    public Task CheckAsync(CancellationToken cancellationToken = default)
    {
        metrics.WarehouseRead("check");
        return inner.CheckAsync(cancellationToken);
    }

    public async Task<ReportResult> RunAsync(ReportKind kind, ReportOptions options, CancellationToken cancellationToken = default)
    {
        metrics.WarehouseRead("report");
        var clock = Stopwatch.StartNew();
        var result = await inner.RunAsync(kind, options, cancellationToken);
        metrics.Query(ReportCatalog.NameOf(kind), clock.Elapsed);
        return result;
    }

    public Task<KpiSnapshot> GetKpisAsync(ReportOptions options, CancellationToken cancellationToken = default)
    {
        metrics.WarehouseRead("kpis");
        return inner.GetKpisAsync(options, cancellationToken);
    }

    public Task<PipelineStatus> GetPipelineAsync(CancellationToken cancellationToken = default)
    {
        metrics.WarehouseRead("pipeline");
        return inner.GetPipelineAsync(cancellationToken);
    }

    public Task<Facet.Storage.Reports.Commerce.CommerceKpis> GetCommerceKpisAsync(Facet.Storage.Reports.Commerce.CommerceKpiQuery query, CancellationToken cancellationToken = default)
    {
        metrics.WarehouseRead("commerce_kpis");
        return inner.GetCommerceKpisAsync(query, cancellationToken);
    }

    public Task<BadEventSummary> GetBadEventsAsync(ReportOptions options, CancellationToken cancellationToken = default) =>
        inner.GetBadEventsAsync(options, cancellationToken);

    public Task<DateOnly?> ResolveArrivalDayAsync(ReportOptions options, CancellationToken cancellationToken = default) =>
        inner.ResolveArrivalDayAsync(options, cancellationToken);

    public IAsyncEnumerable<BadEventRecord> ReadBadEventsAsync(ReportOptions options, CancellationToken cancellationToken = default) =>
        inner.ReadBadEventsAsync(options, cancellationToken);

    public Task<DataVersion> GetDataVersionAsync(CancellationToken cancellationToken = default)
    {
        metrics.WarehouseRead("version");
        return inner.GetDataVersionAsync(cancellationToken);
    }

    public Task<IReadOnlyList<Facet.Storage.Windows.StoredWindowDefinition>> ListWindowsAsync(CancellationToken cancellationToken = default)
    {
        metrics.WarehouseRead("windows");
        return inner.ListWindowsAsync(cancellationToken);
    }

    public Task<Facet.Storage.Windows.WindowView> ReadWindowsAsync(Facet.Storage.Windows.WindowDefinition definition, DateTime? fromUtc, DateTime? toUtc, CancellationToken cancellationToken = default)
    {
        metrics.WarehouseRead("windows");
        return inner.ReadWindowsAsync(definition, fromUtc, toUtc, cancellationToken);
    }

    public Task<IReadOnlyList<Facet.Storage.Windows.WindowLateSummary>> ReadWindowLateSummaryAsync(CancellationToken cancellationToken = default)
    {
        metrics.WarehouseRead("windows");
        return inner.ReadWindowLateSummaryAsync(cancellationToken);
    }
}
