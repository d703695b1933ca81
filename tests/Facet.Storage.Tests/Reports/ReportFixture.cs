using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// A warehouse filled once per test class with generated events around three DST changes (Berlin spring and autumn,
/// Santiago's skipped midnight), a day of deliberate ties, rejections and a pipeline log; read by a read-only
/// <see cref="ReportService"/> whose clock is <see cref="Now"/>.
/// </summary>
public abstract class ReportFixture : IAsyncLifetime
{
    /// <summary>"Now" for the reports: a Sunday afternoon inside the autumn cluster.</summary>
    public static readonly DateTimeOffset Now = new(2024, 10, 27, 15, 20, 30, TimeSpan.Zero);

    public static readonly DateOnly TieDay = new(2024, 10, 20);

    public const int Rejections = 7;

    public const long Lag = 500;

    private readonly ManualTimeProvider _clock = new(Now.AddSeconds(-10));

    public List<EnrichedEvent> Events { get; private set; } = [];

    public ReportService Reports { get; private set; } = null!;

    internal IWarehouse Writer { get; private set; } = null!;

    protected abstract Task<WarehouseLocation> CreateLocationAsync();

    protected virtual Task CleanupAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        var location = await CreateLocationAsync();
        Writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions { TimeProvider = _clock }, null, CancellationToken.None);
        await Writer.MigrateAsync(CancellationToken.None);

        var scenario = new ReportScenario(seed: 9);
        scenario.Generate(5000, new DateTimeOffset(2024, 3, 30, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 4, 1, 6, 0, 0, TimeSpan.Zero));
        scenario.Generate(3000, new DateTimeOffset(2024, 9, 7, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 9, 9, 12, 0, 0, TimeSpan.Zero));
        scenario.Generate(6000, new DateTimeOffset(2024, 10, 26, 0, 0, 0, TimeSpan.Zero), Now);
        // Ties on TieDay: products 999, 1000 and 1001 have 3 views each ("1000" < "1001" < "999" ordinally).
        var tie = TieDay.ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
        foreach (var product in new[] { 999, 1001, 1000 })
        {
            for (var i = 0; i < 3; i++)
            {
                scenario.Events.Add(scenario.Create(new DateTimeOffset(tie.AddMinutes(product - 990 + i)), product: product, country: "FR", bot: false));
            }
        }

        Events = scenario.Events;
        var info = new BatchInfo("worker-a", 2000, Lag, _clock.GetUtcNow().AddSeconds(-1));
        await ReportScenario.WriteAsync(Writer, Events, 2000, info);
        var rejections = Enumerable.Range(0, Rejections)
            .Select(i => new Rejection(RejectionCodes.InvalidJson, "not JSON", null, "{oops"u8.ToArray(), SourcePosition.Kafka("report-test", 1, i)))
            .ToList();
        await Writer.WriteBatchAsync(new WarehouseBatch([], rejections, []), CancellationToken.None);
        Reports = ReportService.Open(location, readOnly: true, new ManualTimeProvider(Now));
    }

    public async Task DisposeAsync()
    {
        await Reports.DisposeAsync();
        await Writer.DisposeAsync();
        await CleanupAsync();
    }
}
