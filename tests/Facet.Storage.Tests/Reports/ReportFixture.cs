using Facet.Core.Enrichment;
using Facet.Core.Events;
using Facet.Storage.Reports;
using Facet.Testing;

namespace Facet.Storage.Tests.Reports;

/// <summary>
/// A warehouse filled once per test class with generated events around three DST changes (Berlin spring and autumn,
/// Santiago's skipped midnight; the September cluster by a loader in Europe/Berlin, the rest in UTC), a day of
/// deliberate ties, rejections and a pipeline log; read by a read-only
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

    /// <summary>Batches logged to pipeline_batches, and the events the last one inserted.</summary>
    public int LoggedBatches { get; private set; }

    public int LastBatchInserted { get; private set; }

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

        // The September cluster is loaded by a loader whose reporting time zone is Europe/Berlin: its Berlin days have
        // complete daily rollups, its UTC days only hourly ones. The rest is loaded in UTC.
        var berlinLoaded = Events.Where(e => e.Event.EventTime.Month == 9).ToList();
        var utcLoaded = Events.Where(e => e.Event.EventTime.Month != 9).ToList();
        await using (var berlin = await WarehouseFactory.OpenAsync(location, new WarehouseOptions { TimeProvider = _clock, ReportingTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin") }, null, CancellationToken.None))
        {
            await ReportScenario.WriteAsync(berlin, berlinLoaded, 2000, info);
        }

        await ReportScenario.WriteAsync(Writer, utcLoaded, 2000, info);
        LoggedBatches = ((berlinLoaded.Count + 1999) / 2000) + ((utcLoaded.Count + 1999) / 2000);
        LastBatchInserted = utcLoaded.Count - (((utcLoaded.Count - 1) / 2000) * 2000);
        var rejections = Enumerable.Range(0, Rejections)
            .Select(i => new Rejection(RejectionCodes.InvalidJson, "not JSON", null, "{oops"u8.ToArray(), SourcePosition.Kafka("report-test", 1, i)))
            .ToList();
        await Writer.WriteBatchAsync(WarehouseBatch.Clickstream([], rejections, []), CancellationToken.None);
        Reports = ReportService.Open(location, readOnly: true, new ManualTimeProvider(Now));
    }

    public async Task DisposeAsync()
    {
        await Reports.DisposeAsync();
        await Writer.DisposeAsync();
        await CleanupAsync();
    }
}
