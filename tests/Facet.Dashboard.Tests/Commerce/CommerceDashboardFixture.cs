using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Storage.Windows;
using Facet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Facet.Dashboard.Tests.Commerce;

/// <summary>
/// A DuckDB warehouse holding a generated commerce world of the last 40 hours (so "latest" is today) with the built-in
/// event-time windows, a writer kept open
/// for tests that add more, and the dashboard serving it on a free loopback port, pushing live data every second.
/// </summary>
public sealed class CommerceDashboardFixture : IAsyncLifetime
{
    /// <summary>Messages per warehouse transaction of the initial load (the late panel's recount replays the same batches).</summary>
    public const int BatchSize = 3000;

    private readonly TempDirectory _directory = new();

    public CommerceWorld World { get; private set; } = null!;

    public CommerceRecount Recount { get; private set; } = null!;

    public IWarehouse Writer { get; private set; } = null!;

    public ReportService Reports { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public string Address { get; private set; } = "";

    /// <summary>The clock of the loads and the dashboard: see <see cref="InitializeAsync"/>.</summary>
    public TimeProvider Clock { get; private set; } = TimeProvider.System;

    public string ArtifactsDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard");

    public async Task InitializeAsync()
    {
        // "latest" is the day of the newest order; in the first hours after midnight that day would hold only minutes of
        // orders, so the clock then runs as if it were 23:00 of the previous day (as in DashboardFixture).
        var real = DateTimeOffset.UtcNow;
        Clock = new OffsetTimeProvider(real.TimeOfDay < TimeSpan.FromHours(6) ? -(real.TimeOfDay + TimeSpan.FromHours(1)) : TimeSpan.Zero);
        var now = Clock.GetUtcNow();
        World = CommerceWorld.Generate(seed: 181, now.AddHours(-40), now.AddMinutes(-10), sessionsPerHour: 60);
        Recount = new CommerceRecount(World);
        var location = WarehouseLocation.Parse("duckdb:" + _directory.File("commerce.duckdb"));
        // The writer opens the file first: the read-only report connections then share its database instance.
        Writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions { TimeProvider = Clock, Windows = WindowDefinitions.BuiltIn }, null, CancellationToken.None);
        await Writer.MigrateAsync(CancellationToken.None);
        await World.LoadAsync(Writer, Clock, batchSize: BatchSize);
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
