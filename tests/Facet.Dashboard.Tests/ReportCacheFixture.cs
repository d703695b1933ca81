using System.Globalization;
using Facet.Storage;
using Facet.Storage.Reports;
using Facet.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Facet.Dashboard.Tests;

/// <summary>
/// A PostgreSQL warehouse (its own database on ./test.sh's cluster) with a day of generated views three days ago,
/// a writer for tests that commit more, and dashboards over it that a test starts with or without Redis.
/// </summary>
public sealed class ReportCacheFixture : IAsyncLifetime
{
    private readonly PostgresDatabase _database = new();
    private int _worker;

    public ReportScenario Scenario { get; } = new(seed: 20);

    /// <summary>The UTC day the generated views fall on.</summary>
    public DateOnly Day { get; } = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-3));

    public string DayText => Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public IWarehouse Writer { get; private set; } = null!;

    public ReportService Reports { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var location = WarehouseLocation.Parse(_database.ConnectionString);
        Writer = await WarehouseFactory.OpenAsync(location, new WarehouseOptions(), null, CancellationToken.None);
        await Writer.MigrateAsync(CancellationToken.None);
        var start = new DateTimeOffset(Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await CommitAsync(Scenario.Generate(3000, start, start.AddDays(1)));
        Reports = ReportService.ForPostgres(_database.ConnectionString);
    }

    /// <summary>Commits events as one logged batch, as a processor does.</summary>
    public Task CommitAsync(IReadOnlyList<Facet.Core.Enrichment.EnrichedEvent> events) =>
        ReportScenario.WriteAsync(Writer, events, events.Count, new BatchInfo("worker-" + Interlocked.Increment(ref _worker), events.Count, 0, DateTimeOffset.UtcNow));

    /// <summary>Human views of <paramref name="productId"/> on <see cref="Day"/>, counted straight from fact_events.</summary>
    public async Task<long> RecountViewsAsync(string productId)
    {
        await using var connection = new NpgsqlConnection(_database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM fact_events f JOIN dim_product p ON p.product_key = f.product_key " +
            "WHERE p.product_id = $1 AND f.collection = 'view_product_detail' AND NOT f.is_bot AND f.event_ts >= $2 AND f.event_ts < $3",
            connection);
        command.Parameters.AddWithValue(productId);
        command.Parameters.AddWithValue(Day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        command.Parameters.AddWithValue(Day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc));
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>A dashboard over <paramref name="source"/> on a free port; <paramref name="cache"/> is the --cache value.</summary>
    public static Task<(WebApplication App, HttpClient Http)> StartDashboardAsync(IReportSource source, string? cache, string prefix) =>
        StartDashboardAsync(source, new DashboardOptions { Port = 0, Cache = cache, CacheKeyPrefix = prefix });

    public static async Task<(WebApplication App, HttpClient Http)> StartDashboardAsync(IReportSource source, DashboardOptions options)
    {
        var app = DashboardApp.Build(options, source, logging => logging.SetMinimumLevel(LogLevel.Error));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return (app, new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(30) });
    }

    public async Task DisposeAsync()
    {
        await Reports.DisposeAsync();
        await Writer.DisposeAsync();
        await _database.DisposeAsync();
    }
}
