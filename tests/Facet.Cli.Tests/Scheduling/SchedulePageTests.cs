using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Facet.Cli.Scheduling;
using Facet.Dashboard;
using Facet.Storage.Reports;
using Facet.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Facet.Cli.Tests.Scheduling;

/// <summary>The dashboard's schedule page and API over a real PostgreSQL warehouse, behind the dashboard token.</summary>
public sealed class SchedulePageTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const string Yaml = """
        dags:
          nightly:
            schedule: "0 2 * * *"
            timezone: Europe/Berlin
            start_date: 2026-11-18
            catchup: true
            tasks:
              extract: {kind: shell, args: ["exit 0"]}
              load: {kind: shell, depends_on: [extract], args: ["exit 1"]}
        """;

    [Fact]
    public async Task The_schedule_page_shows_the_grid_of_runs_by_task_and_triggers_only_with_the_token_from_the_same_site()
    {
        await using var harness = await SchedulerHarness.StartAsync(Yaml, new DateTimeOffset(2026, 11, 19, 12, 0, 0, TimeSpan.Zero), database.ConnectionString);
        await harness.Scheduler().TickAsync(CancellationToken.None);
        await using var reports = ReportService.Open(harness.Location);
        await using var app = DashboardApp.Build(
            new DashboardOptions { Port = 0, AuthToken = "s3cret" }, reports, schedule: new ScheduleBoard(harness.Dags, harness.Store, TimeProvider.System));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var anonymous = new HttpClient { BaseAddress = new Uri(address) };
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "s3cret");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/schedule")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/schedule/nightly/trigger", null)).StatusCode);

        var page = await http.GetStringAsync("/schedule");
        Assert.Contains("<h2>nightly<form method=\"post\" action=\"/api/schedule/nightly/trigger\">", page, StringComparison.Ordinal);
        Assert.Contains("title=\"extract, 2026-11-18 02:00 +01:00, success\"", page, StringComparison.Ordinal);
        Assert.Contains("title=\"load, 2026-11-18 02:00 +01:00, failed\"", page, StringComparison.Ordinal);

        using (var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/schedule/nightly/trigger"))
        {
            crossSite.Headers.Add("Origin", "https://elsewhere.example");
            Assert.Equal(HttpStatusCode.Forbidden, (await http.SendAsync(crossSite)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsync("/api/schedule/weekly/trigger", null)).StatusCode);
        using var triggered = await http.PostAsync("/api/schedule/nightly/trigger", null);
        Assert.Equal(HttpStatusCode.OK, triggered.StatusCode);
        Assert.Contains(": queued (manual)", await triggered.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var json = JsonDocument.Parse(await http.GetStringAsync("/api/schedule"));
        var dag = json.RootElement.GetProperty("dags")[0];
        Assert.Equal("2026-11-20 02:00 +01:00", dag.GetProperty("next_run").GetString());
        var runs = dag.GetProperty("runs").EnumerateArray().Select(r => (r.GetProperty("run_type").GetString(), r.GetProperty("state").GetString())).ToList();
        Assert.Equal([("manual", "queued"), ("scheduled", "failed")], runs);
        await app.StopAsync();
    }

    [Fact]
    public async Task On_a_duckdb_warehouse_the_page_reads_but_a_trigger_is_refused_with_the_command_to_use()
    {
        await using var harness = await SchedulerHarness.StartAsync(Yaml, new DateTimeOffset(2026, 11, 19, 12, 0, 0, TimeSpan.Zero));
        await harness.Scheduler().TickAsync(CancellationToken.None);
        await using var reports = ReportService.Open(harness.Location);
        await using var app = DashboardApp.Build(new DashboardOptions { Port = 0 }, reports, schedule: new ScheduleBoard(harness.Dags, harness.Store, TimeProvider.System));
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/health")).StatusCode);
        Assert.Contains("title=\"load, 2026-11-18 02:00 +01:00, failed\"", await http.GetStringAsync("/schedule"), StringComparison.Ordinal);

        using var triggered = await http.PostAsync("/api/schedule/nightly/trigger", null);
        Assert.Equal(HttpStatusCode.Conflict, triggered.StatusCode);
        Assert.Contains("use facet schedule trigger nightly", await triggered.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await app.StopAsync();
    }
}
