using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.Dashboard.Tests;

/// <summary>
/// A DuckDB warehouse filled with generated events over the last 30 hours (so "latest" is today), a writer kept
/// open for tests that add more, and the dashboard serving it on a free loopback port, pushing live data every second.
/// </summary>
public sealed class DashboardFixture : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();

    public ReportScenario Scenario { get; } = new(seed: 21);

    /// <summary>Shoppers' visits with orders and funnel paths, for the revenue, conversion and funnel panels.</summary>
    public CommerceScenario Commerce { get; } = new(seed: 7);

    /// <summary>The batches written at start, in arrival order: sessions depend on it (the late bound).</summary>
    public IReadOnlyList<IReadOnlyList<Facet.Core.Enrichment.EnrichedEvent>> Arrivals { get; private set; } = [];

    public IWarehouse Writer { get; private set; } = null!;

    public ReportService Reports { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public string Address { get; private set; } = "";

    /// <summary>
    /// The UTC day with the most of the generated 30 hours (at least 15 of them). The default day of a report is the
    /// latest with data, which just after midnight holds only minutes of events.
    /// </summary>
    public DateOnly BusiestDay { get; private set; }

    /// <summary>The clock of the reports (and of any event a test adds): see <see cref="InitializeAsync"/>.</summary>
    public TimeProvider Clock { get; private set; } = TimeProvider.System;

    public string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");

    public async Task InitializeAsync()
    {
        var location = WarehouseLocation.Parse("duckdb:" + _directory.File("dashboard.duckdb"));
        // The writer opens the file first: the read-only report connections then share its database instance.
        Writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None);
        await Writer.MigrateAsync(CancellationToken.None);
        // Reports default to the latest day with data; in the first hours after midnight that day would hold only
        // minutes of events, so the fixture's clock then runs as if it were 23:00 of the previous day.
        var real = DateTimeOffset.UtcNow;
        Clock = new OffsetTimeProvider(real.TimeOfDay < TimeSpan.FromHours(6) ? -(real.TimeOfDay + TimeSpan.FromHours(1)) : TimeSpan.Zero);
        var now = Clock.GetUtcNow();
        BusiestDay = DateOnly.FromDateTime(now.AddHours(-15).UtcDateTime);
        var views = Scenario.Generate(4000, now.AddHours(-30), now);
        await ReportScenario.WriteAsync(Writer, views, 1000, new BatchInfo("worker-1", 1000, 42, now.AddSeconds(-2)));
        Commerce.Generate(800, now.AddHours(-30), now.AddHours(-1));
        var visits = Commerce.Events.Where(e => e.Event.EventTime < now).ToList();
        await ReportScenario.WriteAsync(Writer, visits, 1000);
        Arrivals = [.. views.Chunk(1000), .. visits.Chunk(1000)];
        Reports = ReportService.Open(location, time: Clock);
        App = DashboardApp.Build(new DashboardOptions { Port = 0, LiveInterval = TimeSpan.FromSeconds(1), TimeProvider = Clock }, Reports, logging => logging.SetMinimumLevel(LogLevel.Warning));
        await App.StartAsync();
        Address = App.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        Directory.CreateDirectory(ArtifactsDirectory);
    }

    public async Task DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        await Reports.DisposeAsync();
        await Writer.DisposeAsync();
        _directory.Dispose();
    }
}
