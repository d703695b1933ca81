using Facet.Storage.Reports;

namespace Facet.Dashboard.Tests;

/// <summary>Counts every call that reaches the warehouse through it: the real number of queries a dashboard made.</summary>
internal sealed class CountingReportSource(IReportSource inner) : IReportSource
{
    private long _reports;
    private long _kpis;
    private long _pipelines;
    private long _versions;
    private long _commerceKpis;
    private long _windowLists;

    public long Reports => Interlocked.Read(ref _reports);

    public long Kpis => Interlocked.Read(ref _kpis);

    public long Pipelines => Interlocked.Read(ref _pipelines);

    public long Versions => Interlocked.Read(ref _versions);

    public long CommerceKpis => Interlocked.Read(ref _commerceKpis);

    /// <summary>Reads of the window definitions (every window endpoint starts with one).</summary>
    public long WindowLists => Interlocked.Read(ref _windowLists);

    public Task CheckAsync(CancellationToken cancellationToken = default) => inner.CheckAsync(cancellationToken);

    public Task<ReportResult> RunAsync(ReportKind kind, ReportOptions options, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _reports);
        return inner.RunAsync(kind, options, cancellationToken);
    }

    public Task<KpiSnapshot> GetKpisAsync(ReportOptions options, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _kpis);
        return inner.GetKpisAsync(options, cancellationToken);
    }

    public Task<Storage.Reports.Commerce.CommerceKpis> GetCommerceKpisAsync(Storage.Reports.Commerce.CommerceKpiQuery query, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _commerceKpis);
        return inner.GetCommerceKpisAsync(query, cancellationToken);
    }

    public Task<BadEventSummary> GetBadEventsAsync(ReportOptions options, CancellationToken cancellationToken = default) =>
        inner.GetBadEventsAsync(options, cancellationToken);

    public Task<DateOnly?> ResolveArrivalDayAsync(ReportOptions options, CancellationToken cancellationToken = default) =>
        inner.ResolveArrivalDayAsync(options, cancellationToken);

    public IAsyncEnumerable<BadEventRecord> ReadBadEventsAsync(ReportOptions options, CancellationToken cancellationToken = default) =>
        inner.ReadBadEventsAsync(options, cancellationToken);

    public Task<PipelineStatus> GetPipelineAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _pipelines);
        return inner.GetPipelineAsync(cancellationToken);
    }

    public Task<DataVersion> GetDataVersionAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _versions);
        return inner.GetDataVersionAsync(cancellationToken);
    }

    public Task<IReadOnlyList<Facet.Storage.Windows.StoredWindowDefinition>> ListWindowsAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _windowLists);
        return inner.ListWindowsAsync(cancellationToken);
    }

    public Task<Facet.Storage.Windows.WindowView> ReadWindowsAsync(Facet.Storage.Windows.WindowDefinition definition, DateTime? fromUtc, DateTime? toUtc, CancellationToken cancellationToken = default)
    {
        return inner.ReadWindowsAsync(definition, fromUtc, toUtc, cancellationToken);
    }

    public Task<IReadOnlyList<Facet.Storage.Windows.WindowLateSummary>> ReadWindowLateSummaryAsync(CancellationToken cancellationToken = default) =>
        inner.ReadWindowLateSummaryAsync(cancellationToken);
}
