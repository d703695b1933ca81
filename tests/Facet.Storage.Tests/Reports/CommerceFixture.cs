using Facet.Core.Enrichment;
using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// A warehouse filled once per test class with <see cref="CommerceScenario"/> visits over four days around Berlin's
/// autumn DST change (2024-10-27 has 25 hours there), loaded in UTC, and a read-only <see cref="ReportService"/>.
/// </summary>
public abstract class CommerceFixture : IAsyncLifetime
{
    /// <summary>Events per batch, in list order: the arrival order the sessions (and so their oracle) depend on.</summary>
    public const int BatchSize = 2000;

    public List<EnrichedEvent> Events { get; private set; } = [];

    public ReportService Reports { get; private set; } = null!;

    private IWarehouse _writer = null!;

    protected abstract Task<WarehouseLocation> CreateLocationAsync();

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var location = await CreateLocationAsync();
        _writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None);
        await _writer.MigrateAsync(CancellationToken.None);
        var scenario = new CommerceScenario(seed: 21);
        scenario.Generate(2500, new DateTimeOffset(2024, 10, 25, 20, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 10, 28, 23, 0, 0, TimeSpan.Zero));
        Events = scenario.Events;
        await ReportScenario.WriteAsync(_writer, Events, BatchSize);
        Reports = ReportService.Open(location, readOnly: true);
    }

    public async Task DisposeAsync()
    {
        await Reports.DisposeAsync();
        await _writer.DisposeAsync();
        await CleanupAsync();
    }
}
